package dev.tubelet.cli;

import dev.tubelet.clips.ClipsCommand;
import dev.tubelet.commandline.ConsoleLogging;
import dev.tubelet.commandline.OneLineErrors;
import dev.tubelet.ingest.IngestCommand;
import dev.tubelet.jobs.config.JobOptions;
import dev.tubelet.jobs.config.OptionGroup;
import dev.tubelet.model.InvalidModelException;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code tubelet} command line. Every command prints errors as one line on stderr and exits
 * non-zero; {@code --verbose} adds the stack trace and puts every library's log on the console.
 */
@Command(
        name = "tubelet",
        mixinStandardHelpOptions = true,
        versionProvider = TubeletCli.Version.class,
        description = "Real-time video action analytics on Kafka and Flink with VideoMAE.")
public final class TubeletCli {
    private TubeletCli() {}

    /**
     * @param args command-line arguments
     */
    public static void main(String[] args) {
        ConsoleLogging.configure(args.length > 0 && !args[0].startsWith("-") ? args[0] : "tubelet", args);
        System.exit(commandLine().execute(args));
    }

    /** @return the configured command line (also what tests run) */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new TubeletCli());
        cli.addSubcommand("demo", withFlags(new DemoCommand(), List.of(JobOptions.RUNTIME)));
        cli.addSubcommand("kafka", new CommandLine(new KafkaCommand()));
        cli.addSubcommand("kafka-secrets", new CommandLine(new KafkaSecretsCommand()));
        cli.addSubcommand("job", withFlags(new JobCommand(), JobOptions.GROUPS));
        cli.addSubcommand("ingest", new CommandLine(new IngestCommand()));
        cli.addSubcommand("tail", new CommandLine(new TailCommand()));
        cli.addSubcommand("clips", new CommandLine(new ClipsCommand()));
        cli.addSubcommand("gen-model", new CommandLine(new GenModelCommand()));
        cli.addSubcommand("demo-model", new CommandLine(new DemoModelCommand()));
        cli.addSubcommand("gen-video", new CommandLine(new GenVideoCommand()));
        cli.addSubcommand("import", new CommandLine(new ImportCommand()));
        cli.addSubcommand("classify", withFlags(new ClassifyCommand(), List.of(JobOptions.RUNTIME)));
        cli.addSubcommand("anomaly", withFlags(new AnomalyCommand(), List.of(JobOptions.RUNTIME)));
        cli.addSubcommand("doctor", new CommandLine(new DoctorCommand()));
        CommandLine bench = new CommandLine(new BenchCommand());
        bench.addSubcommand("runtime", withFlags(new BenchRuntimeCommand(), List.of(JobOptions.RUNTIME)));
        bench.addSubcommand("pipeline", withFlags(new BenchPipelineCommand(), List.of(JobOptions.RUNTIME)));
        cli.addSubcommand("bench", bench);
        cli.addSubcommand("help", new CommandLine.HelpCommand());
        // "--bogus" after a multi-value option is a bad flag, not a file name.
        cli.setUnmatchedOptionsAllowedAsOptionParameters(false);
        return new OneLineErrors(InvalidModelException.class).installOn(cli);
    }

    /** A command with the flags of the job's option groups (defined once, in JobOptions). */
    private static CommandLine withFlags(Object command, List<OptionGroup> groups) {
        CommandLine cli = new CommandLine(command);
        JobOptionFlags.add(cli.getCommandSpec(), groups);
        return cli;
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = TubeletCli.class.getPackage().getImplementationVersion();
            return new String[] {"tubelet " + (version == null ? "development build" : version)};
        }
    }
}
