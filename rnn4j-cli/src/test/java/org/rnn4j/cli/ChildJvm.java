package org.rnn4j.cli;

import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;

/** The {@code rnn4j} command in a JVM of its own, for what cannot happen in-process (SIGKILL, a small heap). */
final class ChildJvm {
    private ChildJvm() {
    }

    /** A process builder for {@code java JVM_OPTIONS -cp <the test classpath> org.rnn4j.cli.Main ARGS}. */
    static ProcessBuilder rnn4j(List<String> jvmOptions, String... args) {
        List<String> command = new ArrayList<>();
        command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(classPath());
        command.add(Main.class.getName());
        command.addAll(List.of(args));
        return new ProcessBuilder(command);
    }

    static ProcessBuilder rnn4j(String... args) {
        return rnn4j(List.of(), args);
    }

    /**
     * The classpath the tests run with. Surefire starts them from a manifest-only jar and names the real
     * classpath in surefire.test.class.path; without surefire (an IDE) java.class.path is the real one.
     */
    static String classPath() {
        String cp = System.getProperty("surefire.test.class.path");
        if (cp == null || cp.isBlank()) {
            cp = System.getProperty("java.class.path");
        }
        return cp;
    }
}
