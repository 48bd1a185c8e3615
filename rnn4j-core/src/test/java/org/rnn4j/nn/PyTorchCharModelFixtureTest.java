package org.rnn4j.nn;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.rnn4j.nn.PyTorchFixtures.batchFirstToTimeMajor;
import static org.rnn4j.nn.PyTorchFixtures.doubles;
import static org.rnn4j.nn.PyTorchFixtures.ints;
import static org.rnn4j.nn.PyTorchFixtures.relativeError;

/**
 * Embedding → 2-layer LSTM → Linear → softmax cross-entropy with ignored (-1) targets, against the same model
 * in float64 PyTorch ({@code F.cross_entropy(..., ignore_index=-1)}): the loss and every parameter gradient.
 */
class PyTorchCharModelFixtureTest {

    @Test
    void lossAndGradientsMatchPyTorch() {
        PyTorchFixtures.assertAllClose(relativeErrors(PyTorchFixtures.load("char_model_cross_entropy.json")));
    }

    static Map<String, Double> relativeErrors(JsonNode f) {
        JsonNode config = f.get("config");
        int vocab = config.get("vocab").intValue();
        int emb = config.get("embedding_size").intValue();
        int hidden = config.get("hidden_size").intValue();
        int layers = config.get("num_layers").intValue();
        int batch = config.get("batch").intValue();
        int steps = config.get("steps").intValue();
        assertEquals("lstm", config.get("cell").textValue());

        Parameters params = new Parameters();
        Embedding embedding = new Embedding(params, "embedding.", vocab, emb);
        RecurrentStack rnn = new RecurrentStack(CellType.LSTM, params, "rnn.", emb, hidden, layers, false, 0f, null);
        Linear decoder = new Linear(params, "decoder.", hidden, vocab);
        PyTorchFixtures.setParameters(params, f.get("params"));

        int rows = steps * batch;
        int[] ids = batchFirstToTimeMajor(ints(f.get("ids")), batch, steps);
        int[] targets = batchFirstToTimeMajor(ints(f.get("targets")), batch, steps);
        SoftmaxCrossEntropy loss = new SoftmaxCrossEntropy();

        float[] e = embedding.forward(ids, rows);
        float[] h = rnn.forward(e, steps, batch, null, null, null);
        float[] logits = decoder.forward(h, rows);
        double value = loss.forward(logits, rows, vocab, targets);

        params.zeroGrad();
        float[] dh = decoder.backward(loss.gradient());
        float[] de = rnn.backward(dh, null, null);
        embedding.backward(de);

        Map<String, Double> errors = new LinkedHashMap<>();
        double expectedLoss = f.get("loss").doubleValue();
        errors.put("loss", Math.abs(value - expectedLoss) / Math.abs(expectedLoss));
        JsonNode grads = f.get("grads");
        for (Param p : params.list()) {
            errors.put("grad " + p.name(), relativeError(p.gradient(), doubles(grads.get(p.name()))));
        }
        return errors;
    }
}
