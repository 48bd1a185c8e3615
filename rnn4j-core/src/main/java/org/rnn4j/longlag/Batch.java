package org.rnn4j.longlag;

/**
 * A batch of B sequences of T steps: inputs x (T, B, I) time-major, and the targets of the task's
 * {@link Objective}: {@code values} (B, K) for a regression at the last step, {@code classes} (B) for a class at
 * the last step, or (T, B) for a class at every step.
 */
public record Batch(float[] x, int steps, int size, float[] values, int[] classes) {
}
