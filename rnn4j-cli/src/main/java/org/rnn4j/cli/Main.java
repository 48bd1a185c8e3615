package org.rnn4j.cli;

import org.rnn4j.optim.DivergedException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;

/**
 * The {@code rnn4j} command. Every failure the user can cause ends with one line on stderr and exit code 2;
 * a training run that diverges with one line and exit code 3; a bug with exit code 1 and, only when RNN4J_DEBUG
 * is set, a stack trace.
 */
@Command(name = "rnn4j", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Recurrent neural networks for the JVM: character-level language models (train, sample, eval), the five RNN forms on real tasks, and the vanishing-gradient experiments.",
        subcommands = {TrainCommand.class, SampleCommand.class, EvalCommand.class, BenchCommand.class,
                ClassifyImageCommand.class, ClassifyCommand.class, GenerateCommand.class, TagCommand.class,
                TranslateCommand.class, GradflowCommand.class, TaskCommand.class,
                CommandLine.HelpCommand.class})
public final class Main {
    public static final int USAGE_ERROR = 2;
    /** A training run whose loss or weights stopped being finite numbers ({@link DivergedException}). */
    public static final int DIVERGED = 3;

    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs the command line and returns the exit code; used by tests too. */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cmd = new CommandLine(new Main());
        cmd.setOut(out);
        cmd.setErr(err);
        cmd.setParameterExceptionHandler((ex, a) -> {
            err.println("rnn4j: " + ex.getMessage() + " (see 'rnn4j "
                    + subcommandName(ex.getCommandLine()) + "--help')");
            return USAGE_ERROR;
        });
        cmd.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            if (ex instanceof DivergedException) {
                commandLine.getOut().flush();   // the progress printed so far comes before the line saying why
                err.println("rnn4j: " + ex.getMessage());
                return DIVERGED;
            }
            err.println("rnn4j: " + describe(ex));
            if (System.getenv("RNN4J_DEBUG") != null) {
                ex.printStackTrace(err);
            }
            return isUserError(ex) ? USAGE_ERROR : 1;
        });
        try {
            return cmd.execute(args);
        } catch (OutOfMemoryError e) {
            // a model or batch too large for the heap (what failed was one large allocation, now garbage)
            err.println("rnn4j: out of memory (a Java heap of " + Runtime.getRuntime().maxMemory() / (1 << 20)
                    + " MiB): choose a smaller model or batch, or give Java more, e.g. RNN4J_JAVA_OPTS='-Xss4m -Xmx8g'");
            err.flush();
            return USAGE_ERROR;
        }
    }

    /** "classify train " for a nested subcommand, "" for the top-level command. */
    private static String subcommandName(CommandLine commandLine) {
        StringBuilder path = new StringBuilder();
        for (CommandLine c = commandLine; c != null && c.getParent() != null; c = c.getParent()) {
            path.insert(0, c.getCommandName() + " ");
        }
        return path.toString();
    }

    static boolean isUserError(Throwable ex) {
        return ex instanceof UserError || ex instanceof IOException || ex instanceof UncheckedIOException
                || ex instanceof IllegalArgumentException;
    }

    static String describe(Throwable ex) {
        if (ex instanceof NoSuchFileException) {
            return "no such file: " + ((NoSuchFileException) ex).getFile();
        }
        if (ex instanceof AccessDeniedException) {
            return "permission denied: " + ((AccessDeniedException) ex).getFile();
        }
        if (ex instanceof FileAlreadyExistsException) {
            // what creating a folder throws when a file of that name is in the way
            return "cannot create " + ((FileAlreadyExistsException) ex).getFile() + ": a file of that name exists";
        }
        if (ex instanceof FileSystemException && ((FileSystemException) ex).getReason() != null) {
            FileSystemException fs = (FileSystemException) ex;
            return fs.getFile() + ": " + fs.getReason();
        }
        if (ex instanceof UncheckedIOException && ex.getCause() != null) {
            return describe(ex.getCause());
        }
        if (isUserError(ex)) {
            return ex.getMessage();
        }
        return "internal error: " + ex + " (set RNN4J_DEBUG=1 for the stack trace)";
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"rnn4j " + (v == null ? "development build" : v)};
        }
    }
}
