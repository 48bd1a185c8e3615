package org.rnn4j.optim;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What {@link Optimizer#exportState()} returns and {@link Optimizer#importState} takes: the number of updates
 * applied, the learning rate, and the state buffers by PyTorch's names, each with one entry per parameter.
 * A checkpoint stores the buffers as tensors and the two scalars as metadata.
 */
public record OptimizerState(long stepCount, double learningRate, Map<String, float[]> buffers) {
    public OptimizerState {
        buffers = Collections.unmodifiableMap(new LinkedHashMap<>(buffers));
    }
}
