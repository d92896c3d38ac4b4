package dev.tubelet.commandline;

import picocli.CommandLine.Option;

/** {@code --verbose}: stack traces with errors (read by {@link OneLineErrors}). */
public final class VerboseOption {
    @Option(
            names = {"-v", "--verbose"},
            description = "Print stack traces with errors.")
    public boolean verbose;
}
