package org.rnn4j.cli;

import org.rnn4j.charlm.CharLanguageModel;
import org.rnn4j.charlm.Checkpoint;
import org.rnn4j.charlm.ModelFile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * --checkpoint takes a model file or a training run's checkpoint directory: its model.safetensors, or its
 * training state when a kill came between writing the two.
 */
final class ModelPaths {
    private ModelPaths() {
    }

    static CharLanguageModel load(Path path) throws IOException {
        if (Files.isDirectory(path) && !Files.exists(path.resolve(Checkpoint.MODEL_FILE))
                && Checkpoint.exists(path)) {
            // killed between the two files of its first checkpoint: the training state holds the model too
            return Checkpoint.read(path).model();
        }
        Path file = Files.isDirectory(path) ? path.resolve(Checkpoint.MODEL_FILE) : path;
        return ModelFile.load(file);
    }
}
