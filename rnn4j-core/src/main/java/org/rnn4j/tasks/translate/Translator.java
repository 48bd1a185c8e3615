package org.rnn4j.tasks.translate;

import org.rnn4j.math.Rng;
import org.rnn4j.nn.CellType;
import org.rnn4j.nn.Embedding;
import org.rnn4j.nn.Linear;
import org.rnn4j.nn.Parameters;
import org.rnn4j.nn.RecurrentStack;
import org.rnn4j.nn.RecurrentState;
import org.rnn4j.nn.SoftmaxCrossEntropy;
import org.rnn4j.tasks.Dropout;
import org.rnn4j.text.WordVocabulary;

import java.util.ArrayList;
import java.util.List;

/**
 * An encoder–decoder with attention (many-to-many, sequence to sequence). The encoder is a bidirectional
 * one-layer GRU or LSTM of H units per direction over the source embeddings; its final state, the two
 * directions concatenated ({@link StateBridge}), is the initial state of the decoder, a one-layer RNN of the
 * same cell with 2H units over the target embeddings ({@code <s>} y_1 … y_n, teacher forcing). Luong's dot
 * attention over the encoder outputs gives each decoder output an attentional state ({@link LuongAttention}),
 * and a linear layer maps it to scores over the target vocabulary. Dropout on both embeddings and on the
 * attentional state while training. Parameters are named as the PyTorch module
 * <pre>
 *   source_embedding = nn.Embedding(Vs, E); encoder = GRU/LSTM(E, H, bidirectional=True)
 *   target_embedding = nn.Embedding(Vt, E); decoder = GRU/LSTM(E, 2H)
 *   attention = nn.Linear(4H, 2H); output = nn.Linear(2H, Vt)
 * </pre>
 * would name them. The decoder with teacher forcing runs over the whole target in one call; decoding runs it
 * one step at a time ({@link #startDecoding}, {@link #decodeStep}).
 */
public final class Translator {
    public static final String START = "<s>";
    public static final String END = "</s>";

    /** The shape of a translator: what a model file's metadata records. */
    public record Architecture(CellType cell, int embedding, int hidden) {
        public Architecture {
            if (cell != CellType.LSTM && cell != CellType.GRU) {
                throw new IllegalArgumentException("the translator's cell is lstm or gru");
            }
            if (embedding <= 0 || hidden <= 0) {
                throw new IllegalArgumentException("sizes must be positive");
            }
        }
    }

    private final Architecture arch;
    private final WordVocabulary source;
    private final WordVocabulary target;
    private final int startId;
    private final int endId;
    private final Parameters params = new Parameters();
    private final Embedding sourceEmbedding;
    private final RecurrentStack encoder;
    private final Embedding targetEmbedding;
    private final RecurrentStack decoder;
    private final LuongAttention attention;
    private final Linear output;
    private final Dropout sourceDropout;
    private final Dropout targetDropout;
    private final Dropout outputDropout;
    private final SoftmaxCrossEntropy crossEntropy = new SoftmaxCrossEntropy();
    private boolean training;

    private RecurrentState encoderLast;
    private RecurrentState dEncoderLast;
    private RecurrentState decoderInitial;
    private RecurrentState dDecoderInitial;
    private float[] encoderOut = new float[0];

    public Translator(Architecture arch, WordVocabulary source, WordVocabulary target, float dropout, Rng rng) {
        this.arch = arch;
        this.source = source;
        this.target = target;
        if (!target.contains(START) || !target.contains(END)) {
            throw new IllegalArgumentException("the target vocabulary needs " + START + " and " + END);
        }
        this.startId = target.id(START);
        this.endId = target.id(END);
        int e = arch.embedding();
        int h = arch.hidden();
        sourceEmbedding = new Embedding(params, "source_embedding.", source.size(), e);
        encoder = new RecurrentStack(arch.cell(), params, "encoder.", e, h, 1, true, 0f, null);
        targetEmbedding = new Embedding(params, "target_embedding.", target.size(), e);
        decoder = new RecurrentStack(arch.cell(), params, "decoder.", e, 2 * h, 1, false, 0f, null);
        attention = new LuongAttention(params, "attention.", 2 * h, 2 * h);
        output = new Linear(params, "output.", 2 * h, target.size());
        sourceDropout = new Dropout(dropout, rng);
        targetDropout = new Dropout(dropout, rng);
        outputDropout = new Dropout(dropout, rng);
    }

    public void initialize(Rng rng) {
        sourceEmbedding.resetParameters(rng);
        encoder.resetParameters(rng);
        targetEmbedding.resetParameters(rng);
        decoder.resetParameters(rng);
        attention.resetParameters(rng);
        output.resetParameters(rng);
    }

    public Architecture architecture() { return arch; }
    public WordVocabulary sourceVocabulary() { return source; }
    public WordVocabulary targetVocabulary() { return target; }
    public Parameters parameters() { return params; }
    public int startId() { return startId; }
    public int endId() { return endId; }

    public void setTraining(boolean training) {
        this.training = training;
        sourceDropout.setTraining(training);
        targetDropout.setTraining(training);
        outputDropout.setTraining(training);
    }

    public TranslationBatch batch(List<PairCorpus.Pair> pairs) {
        return TranslationBatch.of(pairs, source, target, startId, endId);
    }

    /** Runs the encoder; returns its outputs (S, B, 2H) (a copy owned by this object) and fills encoderLast. */
    private float[] encode(TranslationBatch b) {
        int rows = b.sourceSteps * b.batch;
        float[] x = sourceEmbedding.forward(b.sourceIds, rows);
        x = sourceDropout.forward(x, rows * arch.embedding());
        if (encoderLast == null || encoderLast.batch() != b.batch) {
            encoderLast = encoder.newState(b.batch);
            dEncoderLast = encoder.newState(b.batch);
            decoderInitial = decoder.newState(b.batch);
            dDecoderInitial = decoder.newState(b.batch);
        }
        float[] out = encoder.forward(x, b.sourceSteps, b.batch, b.sourceLengths, null, encoderLast);
        int n = rows * 2 * arch.hidden();
        if (encoderOut.length < n) {
            encoderOut = new float[n];
        }
        System.arraycopy(out, 0, encoderOut, 0, n);
        StateBridge.forward(encoderLast, decoderInitial);
        return encoderOut;
    }

    /** Teacher-forced scores (T·B, Vt). */
    private float[] forward(TranslationBatch b) {
        float[] enc = encode(b);
        int rows = b.targetSteps * b.batch;
        float[] x = targetEmbedding.forward(b.targetInputs, rows);
        x = targetDropout.forward(x, rows * arch.embedding());
        float[] h = decoder.forward(x, b.targetSteps, b.batch, b.targetLengths, decoderInitial, null);
        float[] y = attention.forward(h, b.targetSteps, enc, b.sourceSteps, b.sourceLengths, b.batch);
        y = outputDropout.forward(y, rows * 2 * arch.hidden());
        return output.forward(y, rows);
    }

    /** Forward, loss and backward over a batch; accumulates the gradients. Returns the mean loss per target token. */
    public double trainStep(TranslationBatch b) {
        float[] logits = forward(b);
        int rows = b.targetSteps * b.batch;
        double loss = crossEntropy.forward(logits, rows, target.size(), b.targets);
        float[] dy = output.backward(crossEntropy.gradient());
        dy = outputDropout.backward(dy);
        attention.backward(dy);
        float[] dx = decoder.backward(attention.dDecoder(), null, dDecoderInitial);
        dx = targetDropout.backward(dx);
        targetEmbedding.backward(dx);
        StateBridge.backward(dDecoderInitial, dEncoderLast);
        float[] ds = encoder.backward(attention.dEncoder(), dEncoderLast, null);
        ds = sourceDropout.backward(ds);
        sourceEmbedding.backward(ds);
        return loss;
    }

    /** The mean cross-entropy per target token of a batch, without gradients. */
    public double loss(TranslationBatch b) {
        float[] logits = forward(b);
        return crossEntropy.forward(logits, b.targetSteps * b.batch, target.size(), b.targets);
    }

    /** What decoding needs after the encoder has run: its outputs and the decoder state, per hypothesis. */
    public static final class DecodingState {
        final int sourceSteps;
        final int batch;
        final int[] sourceLengths;
        final float[] encoderOut;
        final RecurrentState state;

        DecodingState(int sourceSteps, int batch, int[] sourceLengths, float[] encoderOut, RecurrentState state) {
            this.sourceSteps = sourceSteps;
            this.batch = batch;
            this.sourceLengths = sourceLengths;
            this.encoderOut = encoderOut;
            this.state = state;
        }

        public int batch() { return batch; }

        /** For one source sentence: a state of {@code copies} hypotheses, each a copy of sequence 0. */
        DecodingState replicate(int copies) {
            int d = encoderOut.length / (sourceSteps * batch);
            float[] enc = new float[sourceSteps * copies * d];
            for (int s = 0; s < sourceSteps; s++) {
                for (int k = 0; k < copies; k++) {
                    System.arraycopy(encoderOut, s * batch * d, enc, (s * copies + k) * d, d);
                }
            }
            int[] lengths = new int[copies];
            java.util.Arrays.fill(lengths, sourceLengths[0]);
            RecurrentState st = new RecurrentState(1, copies, state.hidden(), state.hasCell());
            int[] parents = new int[copies];
            DecodingState out = new DecodingState(sourceSteps, copies, lengths, enc, st);
            out.reorder(state, parents);
            return out;
        }

        /** state[k] = from[parents[k]] for each hypothesis k. */
        void reorder(RecurrentState from, int[] parents) {
            int h = state.hidden();
            float[] srcH = from.h().clone();
            float[] srcC = from.c() == null ? null : from.c().clone();
            for (int k = 0; k < parents.length; k++) {
                System.arraycopy(srcH, parents[k] * h, state.h(), k * h, h);
                if (srcC != null) {
                    System.arraycopy(srcC, parents[k] * h, state.c(), k * h, h);
                }
            }
        }
    }

    /** Encodes the sources and returns the decoder's starting point. */
    public DecodingState startDecoding(TranslationBatch b) {
        setTraining(false);
        // exactly (S, B, 2H): the encoder's buffer may be longer, grown by an earlier, larger batch
        float[] enc = java.util.Arrays.copyOf(encode(b), b.sourceSteps * b.batch * 2 * arch.hidden());
        RecurrentState st = decoderInitial.copy();
        return new DecodingState(b.sourceSteps, b.batch, b.sourceLengths.clone(), enc, st);
    }

    /** Feeds one token per hypothesis and returns the scores (B, Vt) of the next; the state is advanced. */
    public float[] decodeStep(DecodingState s, int[] previous) {
        float[] x = targetEmbedding.forward(previous, s.batch);
        float[] h = decoder.forward(x, 1, s.batch, null, s.state, s.state);
        float[] y = attention.forward(h, 1, s.encoderOut, s.sourceSteps, s.sourceLengths, s.batch);
        return output.forward(y, s.batch);
    }

    /** Greedy decoding of a batch of sources: at each step the most likely word, until {@code </s>} or maxLength. */
    public List<List<String>> greedy(List<List<String>> sources, int maxLength) {
        TranslationBatch b = TranslationBatch.sources(sources, source);
        DecodingState s = startDecoding(b);
        int v = target.size();
        int[] prev = new int[b.batch];
        java.util.Arrays.fill(prev, startId);
        boolean[] done = new boolean[b.batch];
        List<List<String>> out = new ArrayList<>();
        for (int j = 0; j < b.batch; j++) {
            out.add(new ArrayList<>());
        }
        for (int step = 0; step < maxLength; step++) {
            float[] logits = decodeStep(s, prev);
            boolean all = true;
            for (int j = 0; j < b.batch; j++) {
                int best = 0;
                for (int c = 1; c < v; c++) {
                    if (logits[j * v + c] > logits[j * v + best]) {
                        best = c;
                    }
                }
                prev[j] = best;
                if (!done[j]) {
                    if (best == endId) {
                        done[j] = true;
                    } else {
                        out.get(j).add(target.token(best));
                    }
                }
                all &= done[j];
            }
            if (all) {
                break;
            }
        }
        return out;
    }
}
