package dev.tubelet.jobs.cli;

import dev.tubelet.model.InvalidModelException;
import java.io.PrintWriter;
import picocli.CommandLine;

/**
 * Errors as one line on stderr: {@code tubelet <command>: <what was expected and what was found>}.
 * Bad flags point to {@code --help}; the stack trace only with {@code --verbose}.
 */
final class OneLineErrors implements CommandLine.IExecutionExceptionHandler, CommandLine.IParameterExceptionHandler {
    static final int BAD_INPUT = 2;
    static final int FAILED = 1;

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
        return e instanceof InvalidModelException || e instanceof IllegalArgumentException ? BAD_INPUT : FAILED;
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

    static String oneLine(String message) {
        return message.strip().replaceAll("\\s*\\R\\s*", " ");
    }
}
