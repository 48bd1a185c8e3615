package org.rnn4j.data;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * The MNIST digits as LeCun's IDX files ship them ({@code train-images-idx3-ubyte.gz} and
 * {@code train-labels-idx1-ubyte.gz}, {@code t10k-…} for the test set): N images of 28×28 bytes, stored here as
 * floats in [0, 1] (pixel / 255), row-major, image n at {@code n * 784}, and N labels 0–9.
 */
public record Mnist(float[] pixels, int[] labels, int count, int rows, int cols) {
    private static final int IMAGES_MAGIC = 0x00000803;
    private static final int LABELS_MAGIC = 0x00000801;

    public int imageSize() {
        return rows * cols;
    }

    /** The training set (60,000) or the test set (10,000) from a folder holding the four .gz files. */
    public static Mnist load(Path dir, boolean training) throws IOException {
        String prefix = training ? "train" : "t10k";
        return load(dir.resolve(prefix + "-images-idx3-ubyte.gz"), dir.resolve(prefix + "-labels-idx1-ubyte.gz"));
    }

    public static Mnist load(Path imagesFile, Path labelsFile) throws IOException {
        int[] labels;
        try (DataInputStream in = open(labelsFile)) {
            int magic = in.readInt();
            if (magic != LABELS_MAGIC) {
                throw new IOException(labelsFile + ": not an IDX label file (magic " + Integer.toHexString(magic) + ")");
            }
            labels = new int[checkCount(labelsFile, in.readInt())];
            byte[] raw = readFully(in, labels.length, labelsFile);
            for (int i = 0; i < labels.length; i++) {
                labels[i] = raw[i] & 0xff;
                if (labels[i] > 9) {
                    throw new IOException(labelsFile + ": label " + labels[i] + " at " + i + " is not a digit");
                }
            }
        }
        try (DataInputStream in = open(imagesFile)) {
            int magic = in.readInt();
            if (magic != IMAGES_MAGIC) {
                throw new IOException(imagesFile + ": not an IDX image file (magic " + Integer.toHexString(magic) + ")");
            }
            int count = checkCount(imagesFile, in.readInt());
            int rows = in.readInt();
            int cols = in.readInt();
            if (rows <= 0 || cols <= 0 || rows > 1024 || cols > 1024) {
                throw new IOException(imagesFile + ": implausible image size " + rows + "x" + cols);
            }
            if (count != labels.length) {
                throw new IOException(imagesFile + " holds " + count + " images but " + labelsFile + " "
                        + labels.length + " labels");
            }
            long total = (long) count * rows * cols;
            if (total > Integer.MAX_VALUE - 8) {
                throw new IOException(imagesFile + ": too many pixels");
            }
            byte[] raw = readFully(in, (int) total, imagesFile);
            float[] pixels = new float[raw.length];
            for (int i = 0; i < raw.length; i++) {
                pixels[i] = (raw[i] & 0xff) / 255f;
            }
            return new Mnist(pixels, labels, count, rows, cols);
        }
    }

    /** The first n examples (or all when n ≥ count), sharing nothing with this set. */
    public Mnist head(int n) {
        int k = Math.min(n, count);
        float[] p = new float[k * imageSize()];
        System.arraycopy(pixels, 0, p, 0, p.length);
        int[] l = new int[k];
        System.arraycopy(labels, 0, l, 0, k);
        return new Mnist(p, l, k, rows, cols);
    }

    private static DataInputStream open(Path file) throws IOException {
        InputStream raw = Files.newInputStream(file);
        try {
            InputStream in = file.getFileName().toString().endsWith(".gz") ? new GZIPInputStream(raw, 1 << 16) : raw;
            return new DataInputStream(new java.io.BufferedInputStream(in, 1 << 16));
        } catch (IOException e) {
            raw.close();
            // an empty file ends before the gzip header, with no message of its own
            throw new IOException(file + ": not a gzip file ("
                    + (e.getMessage() == null ? "empty or cut short" : e.getMessage()) + ")", e);
        }
    }

    private static int checkCount(Path file, int count) throws IOException {
        if (count <= 0) {
            throw new IOException(file + ": implausible item count " + count);
        }
        return count;
    }

    private static byte[] readFully(DataInputStream in, int n, Path file) throws IOException {
        byte[] b = new byte[n];
        try {
            in.readFully(b);
        } catch (EOFException e) {
            throw new IOException(file + " is truncated: expected " + n + " more bytes", e);
        }
        return b;
    }
}
