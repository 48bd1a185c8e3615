package org.rnn4j.tasks.translate;

import org.rnn4j.nn.RecurrentState;

/**
 * Hands a one-layer bidirectional encoder's final state to a one-layer unidirectional decoder of twice the
 * hidden size: for each sequence b, h_dec[0, b] = [h_enc[0, b] ; h_enc[1, b]] (the forward direction after the
 * last word, the backward direction after the first), and the same for the LSTM's cell state c. Backward
 * splits the decoder's initial-state gradient back into the two directions.
 */
public final class StateBridge {
    private StateBridge() {
    }

    /** Writes the decoder's initial state (1, B, 2H) from the encoder's final state (2, B, H). */
    public static void forward(RecurrentState encoder, RecurrentState decoder) {
        concat(encoder.h(), decoder.h(), encoder.batch(), encoder.hidden());
        if (encoder.c() != null && decoder.c() != null) {
            concat(encoder.c(), decoder.c(), encoder.batch(), encoder.hidden());
        }
    }

    /** Writes the encoder's final-state gradient (2, B, H) from the decoder's initial-state gradient (1, B, 2H). */
    public static void backward(RecurrentState dDecoder, RecurrentState dEncoder) {
        split(dDecoder.h(), dEncoder.h(), dEncoder.batch(), dEncoder.hidden());
        if (dEncoder.c() != null && dDecoder.c() != null) {
            split(dDecoder.c(), dEncoder.c(), dEncoder.batch(), dEncoder.hidden());
        }
    }

    private static void concat(float[] enc, float[] dec, int batch, int hidden) {
        for (int b = 0; b < batch; b++) {
            System.arraycopy(enc, b * hidden, dec, b * 2 * hidden, hidden);
            System.arraycopy(enc, (batch + b) * hidden, dec, b * 2 * hidden + hidden, hidden);
        }
    }

    private static void split(float[] dDec, float[] dEnc, int batch, int hidden) {
        for (int b = 0; b < batch; b++) {
            System.arraycopy(dDec, b * 2 * hidden, dEnc, b * hidden, hidden);
            System.arraycopy(dDec, b * 2 * hidden + hidden, dEnc, (batch + b) * hidden, hidden);
        }
    }
}
