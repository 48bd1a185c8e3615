package org.rnn4j.charlm;

/**
 * Everything that decides what a training run computes; saved in every checkpoint so that a resumed run
 * continues the same computation.
 *
 * @param data          the text file, or null for the corpus bundled with the application
 * @param optimizer     sgd, adagrad, rmsprop, adam or adamw
 * @param schedule      constant, step, exponential or cosine
 * @param decayEvery    updates between two decays of the step schedule
 * @param decayRate     factor of each decay (step: per decayEvery updates; exponential: per update)
 * @param warmupSteps   updates of linear warm-up from 0 to the learning rate (0 = none)
 * @param gradClip      maximum global gradient norm (0 = no clipping)
 * @param steps         optimizer updates in the whole run
 * @param valFrac       fraction of the text, taken from its end, held out for validation
 * @param evalEvery     updates between validations and checkpoints
 * @param sampleEvery   updates between samples printed during training (0 = none)
 */
public record TrainingConfig(
        String data,
        String cell,
        int layers,
        int hiddenSize,
        int embeddingSize,
        double dropout,
        int seqLength,
        int batchSize,
        String optimizer,
        double learningRate,
        double momentum,
        double weightDecay,
        String schedule,
        int decayEvery,
        double decayRate,
        int warmupSteps,
        double minLearningRate,
        double gradClip,
        long steps,
        double valFrac,
        int evalEvery,
        int sampleEvery,
        int sampleLength,
        double sampleTemperature,
        long seed,
        String initFrom) {

    /** Rejects values that make no sense, with a message naming the flag. */
    public TrainingConfig {
        check(java.util.List.of("lstm", "gru", "rnn_tanh", "rnn_relu").contains(cell),
                "--cell must be lstm, gru, rnn_tanh or rnn_relu, not '" + cell + "'");
        check(java.util.List.of("sgd", "adagrad", "rmsprop", "adam", "adamw").contains(optimizer),
                "--optimizer must be sgd, adagrad, rmsprop, adam or adamw, not '" + optimizer + "'");
        check(java.util.List.of("constant", "step", "exponential", "cosine").contains(schedule),
                "--lr-schedule must be constant, step, exponential or cosine, not '" + schedule + "'");
        check(layers > 0, "--layers must be positive");
        check(hiddenSize > 0, "--hidden-size must be positive");
        check(embeddingSize > 0, "--embedding-size must be positive");
        check(dropout >= 0 && dropout < 1, "--dropout must be in [0, 1)");
        check(seqLength > 0, "--seq-length must be positive");
        check(batchSize > 0, "--batch-size must be positive");
        check(learningRate > 0 && Double.isFinite(learningRate), "--learning-rate must be a positive number");
        check(momentum >= 0 && momentum < 1, "--momentum must be in [0, 1)");
        check(weightDecay >= 0 && Double.isFinite(weightDecay), "--weight-decay must be 0 or positive");
        check(decayEvery > 0, "--lr-decay-every must be positive");
        check(decayRate > 0 && decayRate <= 1, "--lr-decay must be in (0, 1]");
        check(warmupSteps >= 0, "--warmup-steps must be 0 or positive");
        check(minLearningRate >= 0 && minLearningRate <= learningRate,
                "--min-learning-rate must be between 0 and --learning-rate");
        check(gradClip >= 0 && Double.isFinite(gradClip), "--grad-clip must be 0 (off) or positive");
        check(steps > 0, "the number of steps must be positive");
        check(valFrac >= 0 && valFrac < 1, "--val-frac must be in [0, 1)");
        check(evalEvery > 0, "--eval-every must be positive");
        check(sampleEvery >= 0, "--sample-every must be 0 (off) or positive");
        check(sampleLength > 0, "--sample-length must be positive");
        check(sampleTemperature > 0 && Double.isFinite(sampleTemperature), "--temperature must be positive");
    }

    private static void check(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }
}
