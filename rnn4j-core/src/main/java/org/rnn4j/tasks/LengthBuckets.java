package org.rnn4j.tasks;

import org.rnn4j.math.Rng;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.ToIntFunction;

/**
 * One epoch's batches of items of similar length (little padding): the items are shuffled, each window of 50
 * batches' worth is sorted by length and cut into batches, then the batches are shuffled.
 */
public final class LengthBuckets {
    private LengthBuckets() {
    }

    public static <T> List<List<T>> batches(List<T> items, int batchSize, ToIntFunction<T> length, Rng rng) {
        List<T> order = new ArrayList<>(items);
        shuffle(order, rng);
        List<List<T>> out = new ArrayList<>();
        int window = batchSize * 50;
        for (int w = 0; w < order.size(); w += window) {
            List<T> part = new ArrayList<>(order.subList(w, Math.min(order.size(), w + window)));
            part.sort((a, b) -> Integer.compare(length.applyAsInt(a), length.applyAsInt(b)));
            for (int s = 0; s < part.size(); s += batchSize) {
                out.add(part.subList(s, Math.min(part.size(), s + batchSize)));
            }
        }
        shuffle(out, rng);
        return out;
    }

    /** Fisher–Yates with the given generator. */
    private static <T> void shuffle(List<T> list, Rng rng) {
        for (int i = list.size() - 1; i > 0; i--) {
            Collections.swap(list, i, rng.nextInt(i + 1));
        }
    }
}
