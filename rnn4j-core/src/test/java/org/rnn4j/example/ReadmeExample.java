package org.rnn4j.example;

import org.rnn4j.math.Rng;
import org.rnn4j.nn.CellType;
import org.rnn4j.nn.Embedding;
import org.rnn4j.nn.Linear;
import org.rnn4j.nn.Parameters;
import org.rnn4j.nn.RecurrentStack;
import org.rnn4j.nn.SoftmaxCrossEntropy;
import org.rnn4j.optim.Adam;

/** The Java example of README.md, verbatim between the markers; ReadmeExampleTest keeps the two equal. */
final class ReadmeExample {
    private ReadmeExample() {
    }

    static double train() {
        // README-EXAMPLE-BEGIN
        // The seed's "hello" example: vocabulary h, e, l, o (ids 0..3); learn to predict e, l, l, o from h, e, l, l.
        int vocab = 4, embeddingSize = 8, hidden = 32, layers = 2, steps = 4, batch = 1;
        int[] inputs = {0, 1, 2, 2};    // time-major (T, B): h e l l
        int[] targets = {1, 2, 2, 3};   //                    e l l o

        Parameters params = new Parameters();               // every weight in one flat buffer
        Embedding embedding = new Embedding(params, "embedding.", vocab, embeddingSize);
        RecurrentStack lstm = new RecurrentStack(CellType.LSTM, params, "rnn.", embeddingSize, hidden, layers,
                false /* bidirectional */, 0f /* dropout */, null);
        Linear decoder = new Linear(params, "decoder.", hidden, vocab);
        Rng rng = new Rng(42);
        embedding.resetParameters(rng);
        lstm.resetParameters(rng);
        decoder.resetParameters(rng);

        SoftmaxCrossEntropy crossEntropy = new SoftmaxCrossEntropy();
        Adam adam = new Adam(params, 0.01);
        double loss = Double.NaN;
        for (int step = 0; step < 200; step++) {
            params.zeroGrad();
            float[] x = embedding.forward(inputs, steps * batch);               // (T, B, E)
            float[] h = lstm.forward(x, steps, batch, null, null, null);       // (T, B, H), state starts at zero
            float[] logits = decoder.forward(h, steps * batch);               // (T, B, V)
            loss = crossEntropy.forward(logits, steps * batch, vocab, targets);
            float[] dh = decoder.backward(crossEntropy.gradient());            // backpropagation through time:
            embedding.backward(lstm.backward(dh, null, null));                 // every gradient summed over steps
            adam.step();
        }
        // README-EXAMPLE-END
        return loss;
    }
}
