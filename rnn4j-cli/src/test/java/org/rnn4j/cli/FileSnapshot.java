package org.rnn4j.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Every file under a folder, taken once: afterwards {@link #touched} tells which files a command created, removed
 * or changed, and puts them back, so that the next case starts from the same files.
 */
final class FileSnapshot {
    private final Path root;
    /** Relative path to contents; directories map to null. */
    private final Map<String, byte[]> before;

    private FileSnapshot(Path root, Map<String, byte[]> before) {
        this.root = root;
        this.before = before;
    }

    static FileSnapshot of(Path root) throws IOException {
        return new FileSnapshot(root, read(root));
    }

    private static Map<String, byte[]> read(Path root) throws IOException {
        Map<String, byte[]> files = new TreeMap<>();
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : (Iterable<Path>) all::iterator) {
                files.put(root.relativize(p).toString(), Files.isDirectory(p) ? null : Files.readAllBytes(p));
            }
        }
        return files;
    }

    /** Every file created, removed or changed since the snapshot ("created x", ...), after putting them back. */
    List<String> touched() throws IOException {
        Map<String, byte[]> now = read(root);
        List<String> differences = new ArrayList<>();
        for (String name : now.keySet()) {
            if (!before.containsKey(name)) {
                differences.add("created " + name);
            }
        }
        for (Map.Entry<String, byte[]> e : before.entrySet()) {
            if (!now.containsKey(e.getKey())) {
                differences.add("removed " + e.getKey());
            } else if (!Arrays.equals(e.getValue(), now.get(e.getKey()))) {
                differences.add("changed " + e.getKey());
            }
        }
        if (!differences.isEmpty()) {
            restore(now);
        }
        return differences;
    }

    private void restore(Map<String, byte[]> now) throws IOException {
        List<String> extra = new ArrayList<>(now.keySet());
        extra.removeAll(before.keySet());
        extra.sort(Comparator.reverseOrder());   // files before the directories holding them
        for (String name : extra) {
            Files.delete(root.resolve(name));
        }
        for (Map.Entry<String, byte[]> e : before.entrySet()) {
            Path p = root.resolve(e.getKey());
            if (e.getValue() == null) {
                Files.createDirectories(p);
            } else if (!Arrays.equals(e.getValue(), now.get(e.getKey()))) {
                Files.createDirectories(p.getParent());
                Files.write(p, e.getValue());
            }
        }
    }
}
