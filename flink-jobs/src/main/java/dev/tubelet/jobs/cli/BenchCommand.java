package dev.tubelet.jobs.cli;

import picocli.CommandLine.Command;

/** {@code tubelet bench}: benchmarks that print their figures. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Benchmarks that print figures (JSON with --json), each beside its baseline in one run.",
        subcommands = {BenchRuntimeCommand.class, BenchPipelineCommand.class})
final class BenchCommand {}
