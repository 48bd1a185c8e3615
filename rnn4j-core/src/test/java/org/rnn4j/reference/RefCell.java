package org.rnn4j.reference;

/** The recurrent cells of the reference, independent of the library's own enum. */
public enum RefCell {
    RNN_TANH(1), RNN_RELU(1), LSTM(4), GRU(3);

    /** Number of H-row gate blocks in weight_ih / weight_hh. */
    public final int gates;

    RefCell(int gates) {
        this.gates = gates;
    }

    public boolean hasCell() {
        return this == LSTM;
    }
}
