package dev.tubelet.jobs.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code tubelet} command line. Every command prints errors as one line on stderr and exits
 * non-zero; {@code --verbose} adds the stack trace.
 */
@Command(name = "tubelet",
        mixinStandardHelpOptions = true,
        versionProvider = TubeletCli.Version.class,
        description = "Real-time video action analytics on Kafka and Flink with VideoMAE.",
        subcommands = {DemoCommand.class, KafkaCommand.class, JobCommand.class, IngestCommand.class, TailCommand.class, GenModelCommand.class, GenVideoCommand.class, ImportCommand.class, ClassifyCommand.class, BenchCommand.class, CommandLine.HelpCommand.class})
public final class TubeletCli {
    private TubeletCli() {}

    /**
     * @param args command-line arguments
     */
    public static void main(String[] args) {
        if (System.getProperty("log4j2.configurationFile") == null) {
            System.setProperty("log4j2.configurationFile", "tubelet-cli-log4j2.xml");
        }
        System.exit(commandLine().execute(args));
    }

    /** @return the configured command line (also what tests run) */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new TubeletCli());
        // "--bogus" after a multi-value option is a bad flag, not a file name.
        cli.setUnmatchedOptionsAllowedAsOptionParameters(false);
        cli.setExecutionExceptionHandler(new OneLineErrors());
        cli.setParameterExceptionHandler(new OneLineErrors());
        return cli;
    }

    /** @return the {@code job} command in cluster mode, for {@link dev.tubelet.jobs.ClusterJob} */
    public static CommandLine clusterJob() {
        JobCommand job = new JobCommand();
        job.onCluster = true;
        CommandLine cli = new CommandLine(job).setCommandName("tubelet job");
        cli.setExecutionExceptionHandler(new OneLineErrors());
        cli.setParameterExceptionHandler(new OneLineErrors());
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
