package org.rnn4j.data;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rnn4j.testing.SharedData;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MnistTest {
    @Test
    void readsTheTestSet() throws IOException {
        Mnist test = Mnist.load(SharedData.dir().resolve("mnist"), false);
        assertEquals(10_000, test.count());
        assertEquals(28, test.rows());
        assertEquals(28, test.cols());
        // the first three test digits of LeCun's file are 7, 2, 1
        assertEquals(7, test.labels()[0]);
        assertEquals(2, test.labels()[1]);
        assertEquals(1, test.labels()[2]);
        int[] perClass = new int[10];
        double sum = 0;
        for (int i = 0; i < test.count(); i++) {
            perClass[test.labels()[i]]++;
        }
        for (float p : test.pixels()) {
            assertTrue(p >= 0f && p <= 1f);
            sum += p;
        }
        assertEquals(1135, perClass[1]);
        // MNIST's mean pixel intensity is 0.1307 (the constant every tutorial normalises with)
        assertEquals(0.1325, sum / test.pixels().length, 0.003);
    }

    @Test
    void rejectsFilesThatAreNotIdx(@TempDir Path dir) throws IOException {
        Path labels = SharedData.dir().resolve("mnist/t10k-labels-idx1-ubyte.gz");
        Path notImages = dir.resolve("images.gz");
        Files.copy(labels, notImages);
        IOException e = assertThrows(IOException.class, () -> Mnist.load(notImages, labels));
        assertTrue(e.getMessage().contains("not an IDX image file"), e.getMessage());
        Path plain = dir.resolve("plain.gz");
        Files.writeString(plain, "hello");
        assertThrows(IOException.class, () -> Mnist.load(plain, labels));
    }
}
