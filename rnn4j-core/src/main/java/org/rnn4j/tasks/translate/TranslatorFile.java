package org.rnn4j.tasks.translate;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.rnn4j.io.SafetensorsException;
import org.rnn4j.nn.CellType;
import org.rnn4j.tasks.TaskModelFile;
import org.rnn4j.text.WordVocabulary;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A translator as one safetensors file ({@link TaskModelFile}): tensors {@code source_embedding.weight},
 * {@code encoder.weight_ih_l0[_reverse]}, …, {@code target_embedding.weight}, {@code decoder.…},
 * {@code attention.weight}, {@code attention.bias}, {@code output.weight}, {@code output.bias}; metadata
 * {@code {"task": "translate", "format_version": 1, "cell", "embedding_size", "hidden_size" (per encoder
 * direction), "encoder_bidirectional": true, "attention": "luong-dot", "source_language": "fr",
 * "target_language": "en", "source_vocab": [...], "target_vocab": [...]}}.
 */
public final class TranslatorFile {
    public static final String TASK = "translate";

    private TranslatorFile() {
    }

    public static void save(Translator model, Path path) throws IOException {
        Translator.Architecture a = model.architecture();
        ObjectNode m = TaskModelFile.newMetadata(TASK);
        m.put("cell", a.cell().id());
        m.put("embedding_size", a.embedding());
        m.put("hidden_size", a.hidden());
        m.put("encoder_bidirectional", true);
        m.put("attention", "luong-dot");
        m.put("source_language", "fr");
        m.put("target_language", "en");
        TaskModelFile.putStrings(m, "source_vocab", model.sourceVocabulary().tokens());
        TaskModelFile.putStrings(m, "target_vocab", model.targetVocabulary().tokens());
        TaskModelFile.save(path, model.parameters(), m);
    }

    public static Translator load(Path path) throws IOException {
        TaskModelFile.Loaded f = TaskModelFile.read(path, TASK);
        try {
            Translator.Architecture a = new Translator.Architecture(CellType.fromId(f.text("cell")),
                    f.integer("embedding_size"), f.integer("hidden_size"));
            Translator model = new Translator(a, new WordVocabulary(f.strings("source_vocab")),
                    new WordVocabulary(f.strings("target_vocab")), 0f, null);
            f.loadInto(model.parameters());
            return model;
        } catch (IllegalArgumentException e) {
            throw new SafetensorsException(path + ": " + e.getMessage());
        }
    }
}
