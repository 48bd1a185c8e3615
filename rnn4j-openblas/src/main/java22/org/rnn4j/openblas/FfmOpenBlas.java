package org.rnn4j.openblas;

import java.io.File;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The OpenBLAS shared library, bound through the FFM API (Java 22+): {@code cblas_sgemm} (a critical downcall
 * that reads and writes Java arrays in place, no copy), {@code openblas_get_num_threads},
 * {@code openblas_set_num_threads} and {@code openblas_get_config}. The binding {@link OpenBlasGemm} prefers;
 * compiled only when Maven runs on JDK 22+ (rnn4j-openblas/pom.xml).
 *
 * <p>Where it comes from, in this order, the first that loads and has those functions:
 * <ol>
 * <li>the system property {@value #LIBRARY_PROPERTY}, a path or a library name; if set, nothing else is tried;</li>
 * <li>the library bundled in {@code org.bytedeco:openblas:…:linux-x86_64} (with libgfortran, libquadmath and
 * libgcc_s), on the class path, extracted once by JavaCPP's {@code Loader.cacheResource} into its cache
 * ({@code ~/.javacpp/cache}, or the system property {@code org.bytedeco.javacpp.cachedir});</li>
 * <li>a system OpenBLAS: {@code libopenblas.so.0} and {@code libopenblas.so} as the dynamic linker finds them,
 * then Debian's and Ubuntu's {@code /usr/lib/<multiarch>/openblas-{pthread,openmp,serial}/libopenblas.so.0}.</li>
 * </ol>
 * Loading happens once per JVM; {@link #get()} either returns the library or throws an
 * {@link IllegalStateException} whose message says, on one line, why there is none.
 */
final class FfmOpenBlas extends OpenBlasBinding {
    /** Forces one library: a path (containing '/') or a name for the dynamic linker. */
    static final String LIBRARY_PROPERTY = "rnn4j.openblas.library";

    private static final int CBLAS_ROW_MAJOR = 101;
    private static final int CBLAS_NO_TRANS = 111;
    private static final int CBLAS_TRANS = 112;

    private static final FunctionDescriptor SGEMM = FunctionDescriptor.ofVoid(
            ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT,    // order, transA, transB
            ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT,    // m, n, k
            ValueLayout.JAVA_FLOAT,                                              // alpha
            ValueLayout.ADDRESS, ValueLayout.JAVA_INT,                           // a, lda
            ValueLayout.ADDRESS, ValueLayout.JAVA_INT,                           // b, ldb
            ValueLayout.JAVA_FLOAT,                                              // beta
            ValueLayout.ADDRESS, ValueLayout.JAVA_INT);                          // c, ldc

    /** The outcome of loading, once per JVM. */
    private static final class Holder {
        static final Object LOADED = loadOnce();
    }

    private final MethodHandle sgemm;
    private final MethodHandle getThreads;
    private final MethodHandle setThreads;
    private FfmOpenBlas(MethodHandle sgemm, MethodHandle getThreads, MethodHandle setThreads, String config,
                        String source) {
        super(config, source);
        this.sgemm = sgemm;
        this.getThreads = getThreads;
        this.setThreads = setThreads;
    }

    /** The library, or an IllegalStateException saying in one line why none could be loaded. */
    static FfmOpenBlas get() {
        return loadedOrThrow(Holder.LOADED, FfmOpenBlas.class);
    }

    @Override
    String kind() {
        return "FFM";
    }

    /** On the arrays in place (no copy). */
    @Override
    void sgemm(int threads, boolean transA, boolean transB, int m, int n, int k,
               float alpha, float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
               float beta, float[] c, int cOff, int ldc) {
        try {
            useThreads(threads);
            sgemm.invokeExact(CBLAS_ROW_MAJOR, transA ? CBLAS_TRANS : CBLAS_NO_TRANS,
                    transB ? CBLAS_TRANS : CBLAS_NO_TRANS, m, n, k,
                    alpha, slice(a, aOff), lda, slice(b, bOff), ldb, beta, slice(c, cOff), ldc);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    private void useThreads(int threads) throws Throwable {
        if ((int) getThreads.invokeExact() != threads) {
            setThreads.invokeExact(threads);
        }
    }

    private static MemorySegment slice(float[] x, int off) {
        MemorySegment s = MemorySegment.ofArray(x);
        return off == 0 ? s : s.asSlice(Float.BYTES * (long) off);
    }

    private static RuntimeException rethrow(Throwable t) {
        if (t instanceof RuntimeException r) {
            throw r;
        }
        if (t instanceof Error e) {
            throw e;
        }
        throw new IllegalStateException(t);
    }

    // ---------------------------------------------------------------------------------------------- loading

    /** One way of finding the library: how to open it, and how to name it in messages. */
    record Candidate(String label, Path path, String name) {
        static Candidate path(String label, Path path) {
            return new Candidate(label, path, null);
        }

        static Candidate name(String label, String name) {
            return new Candidate(label, null, name);
        }

        String where() {
            return path != null ? path.toString() : name;
        }
    }

    private static Object loadOnce() {
        shortenThreadTimeout();
        String forced = System.getProperty(LIBRARY_PROPERTY);
        if (forced != null && !forced.isBlank()) {
            Candidate c = forced.contains("/") ? Candidate.path(LIBRARY_PROPERTY, Path.of(forced))
                    : Candidate.name(LIBRARY_PROPERTY, forced);
            return load(List.of(c), List.of());
        }
        List<String> problems = new ArrayList<>();
        List<Candidate> candidates = new ArrayList<>();
        try {
            candidates.add(bundled());
        } catch (IOException | RuntimeException | LinkageError e) {
            problems.add("bundled: " + OpenBlasBinding.oneLine(e));
        }
        candidates.addAll(system());
        return load(candidates, problems);
    }

    /**
     * Tries the candidates in order. Returns the first library that loads and has the functions, or a one-line
     * message listing why each failed (after the earlier problems given).
     */
    static Object load(List<Candidate> candidates, List<String> earlierProblems) {
        List<String> problems = new ArrayList<>(earlierProblems);
        for (Candidate c : candidates) {
            try {
                return open(c);
            } catch (RuntimeException | LinkageError e) {
                problems.add(c.label() + " " + c.where() + ": " + OpenBlasBinding.oneLine(e));
            }
        }
        return "no usable OpenBLAS library (" + String.join("; ", problems) + ")";
    }

    private static FfmOpenBlas open(Candidate c) {
        Arena arena = Arena.global();   // never unloaded
        SymbolLookup lookup;
        try {
            lookup = c.path() != null ? SymbolLookup.libraryLookup(c.path(), arena)
                    : SymbolLookup.libraryLookup(c.name(), arena);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("cannot be loaded");
        }
        Linker linker = Linker.nativeLinker();
        MethodHandle configHandle = linker.downcallHandle(find(lookup, "openblas_get_config"),
                FunctionDescriptor.of(ValueLayout.ADDRESS));
        String config;
        try {
            config = ((MemorySegment) configHandle.invokeExact()).reinterpret(1024).getString(0).trim();
        } catch (Throwable t) {
            throw rethrow(t);
        }
        if (config.contains("USE64BITINT")) {
            throw new IllegalArgumentException("built with 64-bit integers (" + config + ")");
        }
        MethodHandle sgemm = linker.downcallHandle(find(lookup, "cblas_sgemm"), SGEMM,
                Linker.Option.critical(true));
        MethodHandle getThreads = linker.downcallHandle(find(lookup, "openblas_get_num_threads"),
                FunctionDescriptor.of(ValueLayout.JAVA_INT), Linker.Option.critical(false));
        MethodHandle setThreads = linker.downcallHandle(find(lookup, "openblas_set_num_threads"),
                FunctionDescriptor.ofVoid(ValueLayout.JAVA_INT));
        return new FfmOpenBlas(sgemm, getThreads, setThreads, config, c.label() + " " + c.where());
    }

    /** OpenBLAS's thread time-out used unless the environment sets one: 2^{@value} cycles. */
    static final int THREAD_TIMEOUT_EXPONENT = 16;

    /**
     * After a multi-threaded product, OpenBLAS's idle threads busy-wait for 2^28 cycles (about 0.1 s here)
     * before they sleep, and on a 2-core machine that steals a core from the layers' own batch-slice thread,
     * which starts right after the input projection: training at hidden 128 measured about 12% slower that way.
     * OpenBLAS reads {@code OPENBLAS_THREAD_TIMEOUT} (exponent n, 2^n cycles) once, when the library loads, so
     * unless the user set it, it is set here, before loading, with libc's {@code setenv}: 2^16 cycles,
     * some 30 µs. A failure leaves OpenBLAS's default, which only costs speed. ({@link OpenBlasGemm} now asks
     * OpenBLAS for one thread per call and splits large products itself, so OpenBLAS's workers stay asleep; the
     * setting still serves other code in the process that calls OpenBLAS with more threads.)
     */
    private static void shortenThreadTimeout() {
        if (System.getenv("OPENBLAS_THREAD_TIMEOUT") != null) {
            return;
        }
        try (Arena arena = Arena.ofConfined()) {
            Linker linker = Linker.nativeLinker();
            MemorySegment setenv = linker.defaultLookup().find("setenv").orElse(null);
            if (setenv == null) {
                return;
            }
            MethodHandle call = linker.downcallHandle(setenv, FunctionDescriptor.of(ValueLayout.JAVA_INT,
                    ValueLayout.ADDRESS, ValueLayout.ADDRESS, ValueLayout.JAVA_INT));
            int unused = (int) call.invokeExact(arena.allocateFrom("OPENBLAS_THREAD_TIMEOUT"),
                    arena.allocateFrom(Integer.toString(THREAD_TIMEOUT_EXPONENT)), 0);
        } catch (Throwable t) {
            // keep OpenBLAS's default
        }
    }

    private static MemorySegment find(SymbolLookup lookup, String symbol) {
        return lookup.find(symbol).orElseThrow(() -> new IllegalArgumentException("has no " + symbol));
    }

    /**
     * Extracts the bundled library and its dependencies into JavaCPP's cache (once; later runs find them there)
     * and pre-loads the dependencies that the system may lack, so that libopenblas.so.0's own look-up (its
     * RUNPATH is $ORIGIN) succeeds.
     */
    private static Candidate bundled() throws IOException {
        String platform = platform();
        if (!platform.equals("linux-x86_64")) {
            throw new IllegalStateException("only linux-x86_64 is bundled, this is " + platform);
        }
        String dir = "/org/bytedeco/openblas/" + platform + "/";
        URL library = FfmOpenBlas.class.getResource(dir + "libopenblas.so.0");
        if (library == null) {
            throw new IllegalStateException("org.bytedeco:openblas:" + platform + " is not on the class path");
        }
        try {
            Class.forName("org.bytedeco.javacpp.Loader");
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("org.bytedeco:javacpp, which extracts it, is not on the class path");
        }
        Arena arena = Arena.global();
        for (String dependency : new String[] {"libgcc_s.so.1", "libquadmath.so.0", "libgfortran.so.5"}) {
            URL url = FfmOpenBlas.class.getResource(dir + dependency);
            if (url == null) {
                continue;
            }
            if (dependency.startsWith("libgcc_s")) {
                // the system nearly always has libgcc_s; a second copy is only loaded where it has none
                try {
                    SymbolLookup.libraryLookup(dependency, arena);
                    continue;
                } catch (IllegalArgumentException absent) {
                    // fall through: load the bundled one
                }
            }
            File file = org.bytedeco.javacpp.Loader.cacheResource(url);
            SymbolLookup.libraryLookup(file.toPath(), arena);
        }
        return Candidate.path("bundled", org.bytedeco.javacpp.Loader.cacheResource(library).toPath());
    }

    /** System libraries, as the dynamic linker finds them by name, then Debian's and Ubuntu's directories. */
    static List<Candidate> system() {
        List<Candidate> out = new ArrayList<>();
        if (!System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux")) {
            out.add(Candidate.name("system", System.mapLibraryName("openblas")));
            return out;
        }
        out.add(Candidate.name("system", "libopenblas.so.0"));
        out.add(Candidate.name("system", "libopenblas.so"));
        String multiarch = switch (arch()) {
            case "x86_64" -> "x86_64-linux-gnu";
            case "arm64" -> "aarch64-linux-gnu";
            default -> null;
        };
        if (multiarch != null) {
            for (String variant : new String[] {"pthread", "openmp", "serial"}) {
                Path p = Path.of("/usr/lib", multiarch, "openblas-" + variant, "libopenblas.so.0");
                if (Files.exists(p)) {
                    out.add(Candidate.path("system", p));
                }
            }
        }
        return out;
    }

    /** JavaCPP's platform name, e.g. linux-x86_64. */
    private static String platform() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String osName = os.contains("linux") ? "linux" : os.contains("mac") ? "macosx"
                : os.contains("windows") ? "windows" : os.replaceAll("\\W", "");
        return osName + "-" + arch();
    }

    private static String arch() {
        String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        return switch (arch) {
            case "amd64", "x86_64", "x86-64" -> "x86_64";
            case "aarch64", "arm64" -> "arm64";
            default -> arch;
        };
    }
}
