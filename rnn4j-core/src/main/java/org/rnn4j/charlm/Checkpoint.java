package org.rnn4j.charlm;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.rnn4j.io.SafetensorsException;
import org.rnn4j.io.SafetensorsFile;
import org.rnn4j.io.SafetensorsReader;
import org.rnn4j.io.SafetensorsWriter;
import org.rnn4j.io.TensorData;
import org.rnn4j.math.Rng;
import org.rnn4j.nn.Param;
import org.rnn4j.nn.RecurrentState;
import org.rnn4j.optim.OptimizerState;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A training checkpoint directory: {@value #MODEL_FILE}, the model alone (see {@link ModelFile}), and
 * {@value #STATE_FILE}, everything a resumed run needs in one safetensors file: the weights ({@code model/…}),
 * the optimizer's buffers ({@code optimizer/…}), the state carried between chunks ({@code carried/h},
 * {@code carried/c}) and the loss history, with the configuration, step, learning rate and random generators'
 * states as JSON under the metadata key {@value #METADATA_KEY}. Each file is written atomically, the state
 * file first, so a kill at any moment leaves a loadable checkpoint.
 */
public final class Checkpoint {
    public static final String MODEL_FILE = "model.safetensors";
    public static final String STATE_FILE = "training-state.safetensors";
    public static final String METADATA_KEY = "rnn4j_training";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Everything read back from a checkpoint. */
    public record Loaded(TrainingConfig config, CharLanguageModel model, OptimizerState optimizer,
                         RecurrentState carried, long[] dropoutRng, long[] sampleRng, TrainingProgress progress,
                         String gemm) {
    }

    private Checkpoint() {
    }

    public static boolean exists(Path dir) {
        return Files.isRegularFile(dir.resolve(STATE_FILE));
    }

    public static void write(Path dir, TrainingConfig config, CharLanguageModel model, OptimizerState optimizer,
                             RecurrentState carried, Rng dropoutRng, Rng sampleRng, TrainingProgress progress)
            throws IOException {
        Files.createDirectories(dir);
        Map<String, TensorData> tensors = new LinkedHashMap<>();
        for (Param p : model.parameters().list()) {
            tensors.put("model/" + p.name(), TensorData.ofFloats(p.values(), p.shape()));
        }
        int n = model.parameters().size();
        optimizer.buffers().forEach((name, values) ->
                tensors.put("optimizer/" + name, TensorData.ofFloats(java.util.Arrays.copyOf(values, n), n)));
        int[] stateShape = {carried.slots(), carried.batch(), carried.hidden()};
        tensors.put("carried/h", TensorData.ofFloats(carried.h(), stateShape));
        if (carried.hasCell()) {
            tensors.put("carried/c", TensorData.ofFloats(carried.c(), stateShape));
        }
        float[] losses = new float[progress.trainLoss.size()];
        for (int i = 0; i < losses.length; i++) {
            losses[i] = progress.trainLoss.get(i);
        }
        tensors.put("history/train_loss", TensorData.ofFloats(losses, losses.length));
        double[] val = new double[progress.validation.size() * 2];
        for (int i = 0; i < progress.validation.size(); i++) {
            val[2 * i] = progress.validation.get(i)[0];
            val[2 * i + 1] = progress.validation.get(i)[1];
        }
        tensors.put("history/validation", TensorData.ofDoubles(val, progress.validation.size(), 2));

        ObjectNode meta = JSON.createObjectNode();
        meta.set("config", JSON.valueToTree(config));
        meta.put("step", progress.step);
        meta.put("optimizer_step", optimizer.stepCount());
        meta.put("learning_rate", optimizer.learningRate());
        meta.set("dropout_rng", longs(dropoutRng.state()));
        // the matrix-product backend: a resumed run is bit-identical only with the same one
        meta.put("gemm", org.rnn4j.math.Gemm.backend().name());
        meta.set("sample_rng", longs(sampleRng.state()));
        ArrayNode samples = meta.putArray("samples");
        for (TrainingProgress.Sample s : progress.samples) {
            samples.addObject().put("step", s.step()).put("text", s.text());
        }
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put(ModelFile.METADATA_KEY, ModelFile.metadata(model));
        metadata.put(METADATA_KEY, JSON.writeValueAsString(meta));
        SafetensorsWriter.write(dir.resolve(STATE_FILE), tensors, metadata);
        ModelFile.save(model, dir.resolve(MODEL_FILE));
    }

    public static Loaded read(Path dir) throws IOException {
        Path path = dir.resolve(STATE_FILE);
        if (!Files.isRegularFile(path)) {
            throw new java.nio.file.NoSuchFileException(path.toString());
        }
        SafetensorsFile file = SafetensorsReader.read(path);
        String json = file.metadata().get(METADATA_KEY);
        if (json == null) {
            throw new SafetensorsException(path + " is not an rnn4j training checkpoint");
        }
        try {
            JsonNode meta = JSON.readTree(json);
            TrainingConfig config = JSON.treeToValue(meta.get("config"), TrainingConfig.class);
            if (config == null) {
                throw new SafetensorsException(path + " is not a complete rnn4j training checkpoint (no 'config')");
            }
            CharLanguageModel model = ModelFile.fromFile(file, path, "model/");
            Map<String, float[]> buffers = new LinkedHashMap<>();
            for (String name : file.names()) {
                if (name.startsWith("optimizer/")) {
                    buffers.put(name.substring("optimizer/".length()), file.get(name).asFloats());
                }
            }
            OptimizerState optimizer = new OptimizerState(meta.get("optimizer_step").asLong(),
                    meta.get("learning_rate").asDouble(), buffers);
            TensorData h = file.get("carried/h");
            int[] shape = h.shape();
            RecurrentState carried = new RecurrentState(shape[0], shape[1], shape[2], file.contains("carried/c"));
            System.arraycopy(h.asFloats(), 0, carried.h(), 0, carried.h().length);
            if (carried.hasCell()) {
                System.arraycopy(file.get("carried/c").asFloats(), 0, carried.c(), 0, carried.c().length);
            }
            TrainingProgress progress = new TrainingProgress();
            progress.step = meta.get("step").asLong();
            for (float loss : file.get("history/train_loss").asFloats()) {
                progress.trainLoss.add(loss);
            }
            double[] val = file.get("history/validation").asDoubles();
            for (int i = 0; i + 1 < val.length; i += 2) {
                progress.validation.add(new double[] {val[i], val[i + 1]});
            }
            for (JsonNode s : meta.get("samples")) {
                progress.samples.add(new TrainingProgress.Sample(s.get("step").asLong(), s.get("text").asText()));
            }
            return new Loaded(config, model, optimizer, carried, toLongs(meta.get("dropout_rng")),
                    toLongs(meta.get("sample_rng")), progress,
                    meta.hasNonNull("gemm") ? meta.get("gemm").asText() : null);
        } catch (JsonProcessingException | NullPointerException | IllegalArgumentException e) {
            throw new SafetensorsException(path + " is not a complete rnn4j training checkpoint");
        }
    }

    private static ArrayNode longs(long[] values) {
        ArrayNode a = JSON.createArrayNode();
        for (long v : values) {
            a.add(v);
        }
        return a;
    }

    private static long[] toLongs(JsonNode node) {
        long[] out = new long[node.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = node.get(i).asLong();
        }
        return out;
    }
}
