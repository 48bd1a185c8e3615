package org.rnn4j.cli;

import org.rnn4j.charlm.CharLanguageModel;
import org.rnn4j.charlm.Checkpoint;
import org.rnn4j.charlm.ModelFile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** --checkpoint takes a model file or a training run's checkpoint directory. */
final class ModelPaths {
    private ModelPaths() {
    }

    static CharLanguageModel load(Path path) throws IOException {
        Path file = Files.isDirectory(path) ? path.resolve(Checkpoint.MODEL_FILE) : path;
        return ModelFile.load(file);
    }
}
