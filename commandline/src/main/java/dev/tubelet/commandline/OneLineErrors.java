package dev.tubelet.commandline;

import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine;

/**
 * Errors as one line on stderr: {@code tubelet <command>: <what was expected and what was found>}.
 * Bad flags point to {@code --help}; the stack trace only with {@code --verbose}.
 */
public final class OneLineErrors
        implements CommandLine.IExecutionExceptionHandler, CommandLine.IParameterExceptionHandler {
    /** Exit code for bad input: a flag, a value, a file or a model that is not as expected. */
    public static final int BAD_INPUT = 2;
    /** Exit code for anything else that failed. */
    public static final int FAILED = 1;

    private final List<Class<? extends Exception>> badInput;

    /**
     * @param badInput exceptions that mean bad input (exit code 2); {@link IllegalArgumentException} always does
     */
    @SafeVarargs
    public OneLineErrors(Class<? extends Exception>... badInput) {
        this.badInput = List.of(badInput);
    }

    /**
     * Sets this handler for parse and execution errors of a command line and its subcommands.
     *
     * @param cli the command line
     * @return the command line
     */
    public CommandLine installOn(CommandLine cli) {
        cli.setExecutionExceptionHandler(this);
        cli.setParameterExceptionHandler(this);
        return cli;
    }

    @Override
    public int handleParseException(CommandLine.ParameterException e, String[] args) {
        CommandLine cmd = e.getCommandLine();
        PrintWriter err = cmd.getErr();
        err.println(name(cmd) + ": " + oneLine(e.getMessage()) + " (see '" + name(cmd) + " --help')");
        if (verbose(args)) {
            e.printStackTrace(err);
        }
        err.flush();
        return BAD_INPUT;
    }

    @Override
    public int handleExecutionException(Exception e, CommandLine cmd, CommandLine.ParseResult parsed) {
        PrintWriter err = cmd.getErr();
        String message = e.getMessage();
        if (message == null || message.isBlank()) {
            message = e.getClass().getSimpleName();
        }
        err.println(name(cmd) + ": " + oneLine(message));
        if (verbose(parsed.originalArgs().toArray(new String[0]))) {
            e.printStackTrace(err);
        }
        err.flush();
        boolean bad = e instanceof IllegalArgumentException || badInput.stream().anyMatch(type -> type.isInstance(e));
        return bad ? BAD_INPUT : FAILED;
    }

    private static String name(CommandLine cmd) {
        return cmd.getCommandSpec().qualifiedName();
    }

    private static boolean verbose(String[] args) {
        for (String arg : args) {
            if ("--verbose".equals(arg) || "-v".equals(arg)) {
                return true;
            }
        }
        return false;
    }

    /** @return the message on one line (line breaks and the space around them become one space) */
    public static String oneLine(String message) {
        return message.strip().replaceAll("\\s*\\R\\s*", " ");
    }
}
