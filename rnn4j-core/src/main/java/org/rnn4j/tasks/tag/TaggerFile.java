package org.rnn4j.tasks.tag;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.rnn4j.io.SafetensorsException;
import org.rnn4j.tasks.TaskModelFile;
import org.rnn4j.text.WordVocabulary;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A tagger as one safetensors file ({@link TaskModelFile}): tensors {@code word_embedding.weight},
 * {@code char_embedding.weight}, {@code char_rnn.weight_ih_l0[_reverse]}, …, {@code rnn.…}, {@code output.weight},
 * {@code output.bias}; metadata {@code {"task": "tag", "format_version": 1, "cell": "lstm", "bidirectional": true,
 * "layers", "hidden_size", "word_embedding_size", "char_embedding_size", "char_hidden_size", "words": [...],
 * "chars": [...], "tags": [...]}} (the vocabularies in id order; words lower-cased).
 */
public final class TaggerFile {
    public static final String TASK = "tag";

    private TaggerFile() {
    }

    public static void save(Tagger tagger, Path path) throws IOException {
        Tagger.Architecture a = tagger.architecture();
        ObjectNode m = TaskModelFile.newMetadata(TASK);
        m.put("cell", "lstm");
        m.put("bidirectional", true);
        m.put("layers", a.layers());
        m.put("hidden_size", a.hidden());
        m.put("word_embedding_size", a.wordEmbedding());
        m.put("char_embedding_size", a.charEmbedding());
        m.put("char_hidden_size", a.charHidden());
        TaskModelFile.putStrings(m, "words", tagger.words().tokens());
        TaskModelFile.putStrings(m, "chars", tagger.chars().tokens());
        TaskModelFile.putStrings(m, "tags", tagger.tags());
        TaskModelFile.save(path, tagger.parameters(), m);
    }

    public static Tagger load(Path path) throws IOException {
        TaskModelFile.Loaded f = TaskModelFile.read(path, TASK);
        try {
            Tagger.Architecture a = new Tagger.Architecture(f.integer("word_embedding_size"),
                    f.integer("char_embedding_size"), f.integer("char_hidden_size"), f.integer("hidden_size"),
                    f.integer("layers"));
            Tagger tagger = new Tagger(a, new WordVocabulary(f.strings("words")),
                    new WordVocabulary(f.strings("chars")), f.strings("tags"), 0f, null);
            f.loadInto(tagger.parameters());
            return tagger;
        } catch (IllegalArgumentException e) {
            throw new SafetensorsException(path + ": " + e.getMessage());
        }
    }
}
