package org.rnn4j.nn;

import org.rnn4j.math.Rng;
import org.rnn4j.reference.Numerics;
import org.rnn4j.reference.RefCell;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Glue between the double reference and the fast float layers in tests. */
final class Fixtures {
    private Fixtures() {
    }

    static CellType fast(RefCell cell) {
        return CellType.valueOf(cell.name());
    }

    /**
     * Copies the reference parameters (already float-representable) into the fast buffer under
     * {@code prefix + name}, and checks that the fast model has exactly the names the reference has.
     */
    static void copyParams(Map<String, double[]> ref, Parameters params, String prefix) {
        List<String> fastNames = new ArrayList<>();
        for (Param p : params.list()) {
            if (p.name().startsWith(prefix)) {
                fastNames.add(p.name().substring(prefix.length()));
            }
        }
        assertEquals(new ArrayList<>(ref.keySet()).stream().sorted().toList(),
                fastNames.stream().sorted().toList(), "parameter names");
        for (Map.Entry<String, double[]> e : ref.entrySet()) {
            params.get(prefix + e.getKey()).set(Numerics.toFloat(e.getValue()));
        }
    }

    static double[] gradient(Parameters params, String name) {
        Param p = params.get(name);
        return Numerics.toDouble(params.grad(), p.offset(), p.size());
    }

    /** A fast state holding h[slot][b][h] and c (c may be null). */
    static RecurrentState state(int slots, int batch, int hidden, boolean withCell, double[][][] h,
                                double[][][] c) {
        RecurrentState s = new RecurrentState(slots, batch, hidden, withCell);
        if (h != null) {
            System.arraycopy(Numerics.toFlat(h), 0, s.h(), 0, s.h().length);
        }
        if (c != null) {
            System.arraycopy(Numerics.toFlat(c), 0, s.c(), 0, s.c().length);
        }
        return s;
    }

    static double[] h(RecurrentState s) {
        return Numerics.toDouble(s.h(), 0, s.h().length);
    }

    static double[] c(RecurrentState s) {
        return Numerics.toDouble(s.c(), 0, s.c().length);
    }

    /**
     * The dropout masks the fast {@link RecurrentStack} will draw from an Rng in the given state, as the
     * reference's [L-1][B][T][W]: it draws, boundary after boundary (after layer 0, 1, …), one
     * {@code nextFloat()} per element of the time-major (T, B, W) output, dropping when it is below p and
     * scaling the kept ones by 1/(1-p) in float.
     */
    static double[][][][] reproduceMasks(long[] rngState, int layers, int steps, int batch, int width, float p) {
        Rng rng = new Rng(1);
        rng.setState(rngState);
        float keep = 1f / (1f - p);
        double[][][][] m = new double[layers - 1][batch][steps][width];
        for (int l = 0; l < layers - 1; l++) {
            for (int t = 0; t < steps; t++) {
                for (int b = 0; b < batch; b++) {
                    for (int k = 0; k < width; k++) {
                        m[l][b][t][k] = rng.nextFloat() < p ? 0f : keep;
                    }
                }
            }
        }
        return m;
    }
}
