package org.rnn4j.charlm;

import org.rnn4j.math.Rng;
import org.rnn4j.nn.BatchOneStepper;
import org.rnn4j.nn.CellType;
import org.rnn4j.nn.RecurrentState;
import org.rnn4j.optim.Adagrad;
import org.rnn4j.optim.Adam;
import org.rnn4j.optim.AdamW;
import org.rnn4j.optim.CosineAnnealing;
import org.rnn4j.optim.DivergedException;
import org.rnn4j.optim.ExponentialDecay;
import org.rnn4j.optim.GradientClipping;
import org.rnn4j.optim.LearningRateSchedule;
import org.rnn4j.optim.LinearWarmup;
import org.rnn4j.optim.Optimizer;
import org.rnn4j.optim.RmsProp;
import org.rnn4j.optim.Sgd;
import org.rnn4j.optim.StepDecay;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Trains a character model with truncated backpropagation through time, char-rnn style: each update takes the
 * next T characters of B streams ({@link CharBatches}), carries the state across updates and resets it at the
 * start of every epoch. Every {@code evalEvery} updates and at the end it measures the validation loss and
 * writes a {@link Checkpoint}; given the same configuration and thread count, a run resumed from a checkpoint
 * ends with the same weights, bit for bit, as one never interrupted.
 */
public final class Trainer {
    /** What the trainer reports as it goes; the command line prints it. */
    public interface Listener {
        void update(long step, long total, double loss, double learningRate, double secondsPerUpdate);

        void validation(long step, double loss);

        void sample(long step, String text);

        void checkpoint(long step, Path dir) throws IOException;
    }

    private final TrainingConfig config;
    private final TextCorpus corpus;
    private final CharLanguageModel model;
    private final Optimizer optimizer;
    private final LearningRateSchedule schedule;
    private final CharBatches train;
    private final CharBatches validation;
    private final int validationFrom;
    private final Rng dropoutRng;
    private final Rng sampleRng;
    private final RecurrentState carried;
    private final TrainingProgress progress;
    private final Path checkpointDir;
    /** The update of the last checkpoint in checkpointDir (the one resumed from, or written since); -1 if none. */
    private long lastCheckpoint = -1;

    private Trainer(TrainingConfig config, TextCorpus corpus, CharLanguageModel model, Path checkpointDir,
                    Rng dropoutRng, Rng sampleRng, RecurrentState carried, TrainingProgress progress) {
        this.config = config;
        this.corpus = corpus;
        this.model = model;
        this.checkpointDir = checkpointDir;
        this.dropoutRng = dropoutRng;
        this.sampleRng = sampleRng;
        this.carried = carried;
        this.progress = progress;
        this.validationFrom = validationFrom(config, corpus);
        this.train = new CharBatches(corpus, 0, validationFrom, config.batchSize(), config.seqLength());
        this.validation = new CharBatches(corpus, validationFrom, corpus.length(), config.batchSize(),
                config.seqLength());
        model.setDropout((float) config.dropout(), dropoutRng);
        this.optimizer = createOptimizer(config, model);
        this.schedule = createSchedule(config);
    }

    /** A new run: a freshly initialised model (or the one given, for --init-from) on the corpus. */
    public static Trainer start(TrainingConfig config, TextCorpus corpus, CharLanguageModel initial,
                                Path checkpointDir) {
        CharLanguageModel model = initial;
        if (model == null) {
            CharLanguageModel.Architecture arch = new CharLanguageModel.Architecture(CellType.fromId(config.cell()),
                    config.layers(), config.hiddenSize(), config.embeddingSize());
            checkBatch(config, corpus, arch);
            model = new CharLanguageModel(arch, corpus.vocabulary(), 0f, null);
            model.initialize(new Rng(config.seed()));
        } else if (!model.vocabulary().equals(corpus.vocabulary())) {
            throw new IllegalArgumentException("internal: the corpus must be encoded with the model's vocabulary");
        } else {
            checkBatch(config, corpus, model.architecture());
        }
        // seeds of the other generators: derived from --seed so that one number fixes the whole run
        Rng dropoutRng = new Rng(config.seed() * 31 + 1);
        Rng sampleRng = new Rng(config.seed() * 31 + 2);
        return new Trainer(config, corpus, model, checkpointDir, dropoutRng, sampleRng,
                model.newState(config.batchSize()), new TrainingProgress());
    }

    /** Continues the run saved in a checkpoint directory; the corpus must be the one it trained on. */
    public static Trainer resume(Checkpoint.Loaded saved, TextCorpus corpus, Path checkpointDir) {
        Rng dropoutRng = new Rng(0);
        dropoutRng.setState(saved.dropoutRng());
        Rng sampleRng = new Rng(0);
        sampleRng.setState(saved.sampleRng());
        checkBatch(saved.config(), corpus, saved.model().architecture());
        Trainer trainer = new Trainer(saved.config(), corpus, saved.model(), checkpointDir, dropoutRng, sampleRng,
                saved.carried(), saved.progress());
        trainer.optimizer.importState(saved.optimizer());
        trainer.lastCheckpoint = saved.progress().step;
        return trainer;
    }

    private static int validationFrom(TrainingConfig config, TextCorpus corpus) {
        return corpus.length() - (int) Math.floor(corpus.length() * config.valFrac());
    }

    /** The training text holds at least one batch, and the model's arrays of a batch fit in Java arrays. */
    private static void checkBatch(TrainingConfig config, TextCorpus corpus, CharLanguageModel.Architecture a) {
        long characters = (long) config.batchSize() * (config.seqLength() + 1L);
        int trainCharacters = validationFrom(config, corpus);
        if (characters > trainCharacters) {
            throw new IllegalArgumentException("the training text (" + trainCharacters + " characters) is shorter "
                    + "than one batch: --batch-size × (--seq-length + 1) = " + characters + " characters");
        }
        CharLanguageModel.checkBatch(a, config.batchSize(), config.seqLength());
    }

    public CharLanguageModel model() { return model; }
    public TrainingConfig config() { return config; }
    public TrainingProgress progress() { return progress; }
    public int updatesPerEpoch() { return train.updatesPerEpoch(); }
    public int validationCharacters() { return corpus.length() - validationFrom; }

    /** Runs the remaining updates. */
    public void run(Listener listener) throws IOException {
        int b = config.batchSize();
        int t = config.seqLength();
        int[] inputs = new int[t * b];
        int[] targets = new int[t * b];
        int perEpoch = train.updatesPerEpoch();
        while (progress.step < config.steps()) {
            long start = System.nanoTime();
            int index = (int) (progress.step % perEpoch);
            if (index == 0) {
                carried.zero();
            }
            train.fill(index, inputs, targets);
            model.parameters().zeroGrad();
            model.setTraining(true);
            double loss = model.trainStep(inputs, targets, t, b, carried);
            if (!Double.isFinite(loss)) {
                throw new DivergedException("the training loss became " + loss + " at update " + (progress.step + 1)
                        + "; stopped, " + keptCheckpoint() + " (try a lower --learning-rate or --grad-clip)");
            }
            if (config.gradClip() > 0) {
                GradientClipping.clipGlobalNorm(model.parameters(), config.gradClip());
            }
            double lr = schedule.rate(optimizer.stepCount());
            optimizer.setLearningRate(lr);
            optimizer.step();
            progress.step++;
            progress.trainLoss.add((float) loss);
            listener.update(progress.step, config.steps(), loss, lr, (System.nanoTime() - start) * 1e-9);

            if (config.sampleEvery() > 0 && progress.step % config.sampleEvery() == 0) {
                String text = sample(config.sampleLength());
                progress.samples.add(new TrainingProgress.Sample(progress.step, text));
                listener.sample(progress.step, text);
            }
            if (progress.step % config.evalEvery() == 0 || progress.step == config.steps()) {
                checkpoint(listener);
            }
        }
    }

    private void checkpoint(Listener listener) throws IOException {
        // a checkpoint of such weights would only ever compute NaN: the last good one stays
        DivergedException.checkWeights(model.parameters(), "by update " + progress.step,
                "stopped, " + keptCheckpoint());
        double val = validationLoss();
        if (!Double.isNaN(val)) {
            progress.validation.add(new double[] {progress.step, val});
            listener.validation(progress.step, val);
        }
        Checkpoint.write(checkpointDir, config, model, optimizer.exportState(), carried, dropoutRng, sampleRng,
                progress);
        lastCheckpoint = progress.step;
        listener.checkpoint(progress.step, checkpointDir);
    }

    private String keptCheckpoint() {
        return lastCheckpoint < 0 ? "no checkpoint was written"
                : "the checkpoint of update " + lastCheckpoint + " in " + checkpointDir + " is kept";
    }

    /** Validation loss over the held-out tail, NaN when there is none. */
    private double validationLoss() {
        if (validationCharacters() < 2) {
            return Double.NaN;
        }
        Evaluation.Result r = validation.updatesPerEpoch() > 0
                ? Evaluation.batched(model, validation)
                : Evaluation.wholeText(model, corpus, validationFrom, corpus.length(), config.seqLength());
        return r.lossNats();
    }

    /** A sample from the model, primed with a newline (or the first character of the text). */
    private String sample(int length) {
        Vocabulary v = model.vocabulary();
        int prime = v.contains('\n') ? v.id('\n') : corpus.id(0);
        Sampler sampler = new Sampler(config.sampleTemperature(), 0, false, sampleRng);
        model.setTraining(false);
        BatchOneStepper stepper = model.stepper();
        StringBuilder sb = new StringBuilder();
        int id = prime;
        for (int i = 0; i < length; i++) {
            id = sampler.pick(stepper.next(id), v.size());
            sb.append(v.decode(id));
        }
        return sb.toString();
    }

    static Optimizer createOptimizer(TrainingConfig c, CharLanguageModel model) {
        var p = model.parameters();
        double lr = c.learningRate();
        switch (c.optimizer()) {
            case "sgd":
                return new Sgd(p, lr, c.momentum(), 0, c.weightDecay(), false);
            case "adagrad":
                return new Adagrad(p, lr, 0, c.weightDecay(), 0, 1e-10);
            case "rmsprop":
                return new RmsProp(p, lr, 0.99, 1e-8, c.weightDecay(), c.momentum(), false);
            case "adam":
                return new Adam(p, lr, 0.9, 0.999, 1e-8, c.weightDecay(), false);
            case "adamw":
                return new AdamW(p, lr, 0.9, 0.999, 1e-8, c.weightDecay(), false);
            default:
                throw new IllegalArgumentException("unknown optimizer '" + c.optimizer()
                        + "' (expected sgd, adagrad, rmsprop, adam or adamw)");
        }
    }

    static LearningRateSchedule createSchedule(TrainingConfig c) {
        double lr = c.learningRate();
        LearningRateSchedule s;
        switch (c.schedule()) {
            case "constant":
                s = LearningRateSchedule.constant(lr);
                break;
            case "step":
                s = new StepDecay(lr, c.decayEvery(), c.decayRate());
                break;
            case "exponential":
                s = new ExponentialDecay(lr, c.decayRate());
                break;
            case "cosine":
                s = new CosineAnnealing(lr, Math.max(1, c.steps() - c.warmupSteps()), c.minLearningRate());
                break;
            default:
                throw new IllegalArgumentException("unknown --lr-schedule '" + c.schedule()
                        + "' (expected constant, step, exponential or cosine)");
        }
        return c.warmupSteps() > 0 ? new LinearWarmup(s, c.warmupSteps(), 1.0 / (c.warmupSteps() + 1.0)) : s;
    }
}
