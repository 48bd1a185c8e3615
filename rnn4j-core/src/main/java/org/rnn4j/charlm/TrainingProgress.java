package org.rnn4j.charlm;

import java.util.ArrayList;
import java.util.List;

/**
 * What a training run has done so far, beyond the weights and the optimizer: the number of updates, the
 * state carried between chunks, the random generators' states and the loss history. Saved in checkpoints.
 */
public final class TrainingProgress {
    /** Updates applied so far. */
    public long step;
    /** Training loss of every update, in order. */
    public final List<Float> trainLoss = new ArrayList<>();
    /** (update, validation loss) after every validation. */
    public final List<double[]> validation = new ArrayList<>();
    /** (update, text) of every sample taken during training. */
    public final List<Sample> samples = new ArrayList<>();

    public record Sample(long step, String text) {
    }
}
