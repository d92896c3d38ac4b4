package dev.tubelet.cli;

import picocli.CommandLine.Command;

/** {@code tubelet bench}: benchmarks that print their figures ({@code runtime}, {@code pipeline}). */
@Command(
        name = "bench",
        mixinStandardHelpOptions = true,
        description = "Benchmarks that print figures (JSON with --json), each beside its baseline in one run.")
final class BenchCommand {}
