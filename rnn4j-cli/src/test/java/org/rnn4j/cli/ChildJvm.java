package org.rnn4j.cli;

import java.lang.management.ManagementFactory;
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
        // the same compute backend as this JVM, or a resumed run could not match one run in-process bit for bit
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()) {
            command.add("--add-modules=jdk.incubator.vector");
        }
        // native access (the OpenBLAS backend) as in this JVM, or the child warns about it on stderr
        for (String option : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (option.startsWith("--enable-native-access")) {
                command.add(option);
            }
        }
        for (String property : List.of("rnn4j.gemm")) {
            if (System.getProperty(property) != null) {
                command.add("-D" + property + "=" + System.getProperty(property));
            }
        }
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
