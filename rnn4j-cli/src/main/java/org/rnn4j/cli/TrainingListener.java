package org.rnn4j.cli;

import org.rnn4j.charlm.Trainer;
import org.rnn4j.charlm.TrainingConfig;
import org.rnn4j.charlm.TrainingProgress;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Shows a training run as it goes: a progress bar (updates, loss, characters per second, time left) on a
 * terminal, plain log lines otherwise; the samples; and at every checkpoint the report next to it: loss curves
 * ({@value #REPORT}) and the samples taken so far ({@value #SAMPLES}).
 */
final class TrainingListener implements Trainer.Listener {
    static final String REPORT = "loss.png";
    static final String SAMPLES = "samples.txt";
    private static final long REDRAW_NANOS = 200_000_000L;

    private final PrintWriter out;
    private final Trainer trainer;
    private final Path dir;
    private final boolean terminal = System.console() != null;
    private final long charsPerUpdate;
    private final long logEvery;
    private double secondsPerUpdate = Double.NaN;
    private double smoothedLoss = Double.NaN;
    private long lastDraw;
    private boolean barShown;

    TrainingListener(PrintWriter out, Trainer trainer, Path dir) {
        this.out = out;
        this.trainer = trainer;
        this.dir = dir;
        TrainingConfig c = trainer.config();
        this.charsPerUpdate = (long) c.batchSize() * c.seqLength();
        this.logEvery = Math.max(1, Math.min(c.evalEvery(), c.steps() / 20));
    }

    @Override
    public void update(long step, long total, double loss, double learningRate, double seconds) {
        // exponential moving averages, so the display is steady
        secondsPerUpdate = Double.isNaN(secondsPerUpdate) ? seconds : 0.9 * secondsPerUpdate + 0.1 * seconds;
        smoothedLoss = Double.isNaN(smoothedLoss) ? loss : 0.95 * smoothedLoss + 0.05 * loss;
        double charsPerSec = charsPerUpdate / secondsPerUpdate;
        String eta = duration((total - step) * secondsPerUpdate);
        if (terminal) {
            long now = System.nanoTime();
            if (now - lastDraw < REDRAW_NANOS && step < total) {
                return;
            }
            lastDraw = now;
            int width = 30;
            int filled = (int) (width * step / total);
            out.printf(Locale.ROOT, "\r[%s%s] %d/%d  loss %.4f  %,.0f chars/s  ETA %s   ",
                    "#".repeat(filled), ".".repeat(width - filled), step, total, smoothedLoss, charsPerSec, eta);
            out.flush();
            barShown = true;
        } else if (step % logEvery == 0 || step == total) {
            out.printf(Locale.ROOT, "update %d/%d  loss %.4f  lr %.2e  %,.0f chars/s  ETA %s%n",
                    step, total, loss, learningRate, charsPerSec, eta);
        }
    }

    @Override
    public void validation(long step, double loss) {
        finishLine();
        out.printf(Locale.ROOT, "validation at update %d: %.4f nats/char (%.3f bits/char)%n",
                step, loss, loss / Math.log(2));
    }

    @Override
    public void sample(long step, String text) {
        finishLine();
        out.printf(Locale.ROOT, "--- sample at update %d ---%n%s%n---%n", step, text);
    }

    @Override
    public void checkpoint(long step, Path checkpointDir) throws IOException {
        TrainingProgress p = trainer.progress();
        // trailing mean over a window of about 1% of the run, so the curve is readable but does not lag
        int n = p.trainLoss.size();
        int window = Math.max(1, Math.min(100, n / 100));
        List<double[]> train = new ArrayList<>();
        double sum = 0;
        for (int i = 0; i < n; i++) {
            sum += p.trainLoss.get(i);
            if (i >= window) {
                sum -= p.trainLoss.get(i - window);
            }
            train.add(new double[] {i + 1, sum / Math.min(i + 1, window)});
        }
        LinePlot.write(dir.resolve(REPORT), "Cross-entropy while training", "update", "loss (nats/char)",
                List.of(new LinePlot.Series(window > 1 ? "training (mean of " + window + " updates)" : "training", train, false),
                        new LinePlot.Series("validation", p.validation, true)));
        StringBuilder sb = new StringBuilder();
        for (TrainingProgress.Sample s : p.samples) {
            sb.append("=== update ").append(s.step()).append(" ===\n").append(s.text()).append("\n\n");
        }
        AtomicText.write(dir.resolve(SAMPLES), sb.toString());
    }

    /** Ends the progress-bar line so that the next output starts on a fresh one. */
    void finishLine() {
        if (barShown) {
            out.println();
            barShown = false;
        }
    }

    static String duration(double seconds) {
        if (!Double.isFinite(seconds) || seconds < 0) {
            return "?";
        }
        long s = Math.round(seconds);
        return s >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }
}
