package org.rnn4j.nn;

import java.util.Locale;

/** The recurrent cells, named as on the command line and in model files. */
public enum CellType {
    /** Vanilla RNN with tanh: h' = tanh(W_ih x + b_ih + W_hh h + b_hh). */
    RNN_TANH(1),
    /** Vanilla RNN with ReLU: h' = max(0, W_ih x + b_ih + W_hh h + b_hh). */
    RNN_RELU(1),
    /** LSTM, gates i, f, g, o. */
    LSTM(4),
    /** GRU, gates r, z, n. */
    GRU(3);

    private final int gates;

    CellType(int gates) {
        this.gates = gates;
    }

    /** Number of gate blocks of H rows in weight_ih / weight_hh. */
    public int gates() {
        return gates;
    }

    /** Whether the state has a cell component c besides h. */
    public boolean hasCellState() {
        return this == LSTM;
    }

    /** The lower-case name used by the CLI and in model metadata: lstm, gru, rnn_tanh, rnn_relu. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static CellType fromId(String id) {
        for (CellType c : values()) {
            if (c.id().equals(id)) {
                return c;
            }
        }
        throw new IllegalArgumentException("unknown cell '" + id + "' (expected lstm, gru, rnn_tanh or rnn_relu)");
    }
}
