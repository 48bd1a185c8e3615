package org.rnn4j.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * Where the task commands find their datasets: the folder given with {@code --data-dir}, else the environment
 * variable RNN4J_DATA, else the first {@code shared/data} found walking up from the working directory (the
 * project's datasets sit in {@code ../shared/data} beside the repository).
 */
public final class DataDirectory {
    private DataDirectory() {
    }

    /** The data folder, checked to hold {@code subfolder} (e.g. "names"). */
    public static Path resolve(Path option, String subfolder) {
        Path dir = option != null ? option : fromEnvironmentOrSearch();
        if (dir == null) {
            throw new UserError("no dataset folder found: pass --data-dir DIR (the folder that holds " + subfolder
                    + "/), or set RNN4J_DATA");
        }
        Path sub = dir.resolve(subfolder);
        if (!Files.isDirectory(sub)) {
            throw new UserError("no folder " + sub + ": --data-dir must name the folder that holds " + subfolder + "/");
        }
        return sub;
    }

    private static Path fromEnvironmentOrSearch() {
        String env = System.getenv("RNN4J_DATA");
        if (env != null && !env.isBlank()) {
            return Paths.get(env);
        }
        for (Path p = Paths.get("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path candidate = p.resolve("shared").resolve("data");
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        return null;
    }
}
