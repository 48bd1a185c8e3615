package org.rnn4j.cli;

import picocli.CommandLine.Option;

/** The {@code --lr-decay} and {@code --grad-clip} options of a task's {@code train} (a picocli mixin). */
final class DecayAndClipOptions {
    @Option(names = "--lr-decay", defaultValue = "0.9", description = "learning-rate factor after each epoch (default: ${DEFAULT-VALUE})")
    double lrDecay;

    @Option(names = "--grad-clip", defaultValue = "5", description = "maximum global gradient norm, 0 = off (default: ${DEFAULT-VALUE})")
    double gradClip;
}
