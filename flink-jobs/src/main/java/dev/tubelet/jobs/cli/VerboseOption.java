package dev.tubelet.jobs.cli;

import picocli.CommandLine.Option;

/** {@code --verbose}: stack traces with errors (read by {@link OneLineErrors}). */
final class VerboseOption {
    @Option(names = {"-v", "--verbose"}, description = "Print stack traces with errors.")
    boolean verbose;
}
