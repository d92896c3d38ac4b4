package dev.tubelet.cli;

import dev.tubelet.cli.local.Dashboard;
import dev.tubelet.cli.local.LocalJob;
import dev.tubelet.commandline.ConsoleLogging;
import dev.tubelet.commandline.VerboseOption;
import dev.tubelet.jobs.config.JobArguments;
import dev.tubelet.jobs.config.JobConfigReader;
import dev.tubelet.jobs.config.JobOptions;
import dev.tubelet.jobs.pipeline.PreparedJob;
import dev.tubelet.kafka.embedded.EmbeddedKafka;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code tubelet job}: the streaming job on a local Flink MiniCluster with its dashboard, against
 * any Kafka (or an embedded one). Its options are the job's ({@link JobOptions}, the same the
 * cluster entry point takes), as flags or in a properties file; this command adds only what
 * running locally needs.
 */
@Command(
        name = "job",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Run the streaming job on a local Flink MiniCluster (dashboard on --web-ui-port): frames from Kafka, "
                    + "per-camera strided windows, batched VideoMAE inference, ActionEvents and DeadLetters back to Kafka; with "
                    + "--detect-model also boxes on each window's keyframe, per-box actions and track ids as DetectionEvents.",
            "Every job option can also be given in a properties file (--config FILE) under its name without dashes "
                    + "(e.g. stride=4); flags win over the file. The cluster entry point (dev.tubelet.jobs.ClusterJob) "
                    + "takes the same options."
        })
final class JobCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(
            names = "--config",
            paramLabel = "FILE",
            description = "Properties file with job option values (key=value).")
    Path config;

    @Option(
            names = "--kafka-port",
            paramLabel = "PORT",
            defaultValue = "9092",
            description = "Port of the embedded Kafka when no --bootstrap is given (default: ${DEFAULT-VALUE}).")
    int kafkaPort;

    @Option(
            names = "--web-ui-port",
            paramLabel = "PORT",
            defaultValue = "8081",
            description = "Flink dashboard and REST API port (default: ${DEFAULT-VALUE}).")
    int webUiPort;

    @Option(
            names = "--web-ui-address",
            paramLabel = "ADDRESS",
            defaultValue = Dashboard.LOOPBACK,
            description = "Address the dashboard and REST API bind to; anything but the loopback address exposes "
                    + "them, without authentication, to the network (default: ${DEFAULT-VALUE}).")
    String webUiAddress;

    @Option(
            names = "--web-cancel",
            description = "Show the dashboard's cancel button; off by default. Jar upload is always off; the REST "
                    + "API answers on --web-ui-address only.")
    boolean webCancel;

    @Option(
            names = "--dry-run",
            description = "Check the options, the config file and the models, print what would run, and exit "
                    + "without starting anything (e.g. before deploying a changed configuration).")
    boolean dryRun;

    @Mixin
    VerboseOption verbose;

    @Override
    public Integer call() throws Exception {
        Map<String, String> values = new LinkedHashMap<>();
        if (config != null) {
            values.putAll(JobArguments.readFile(config));
        }
        values.putAll(JobOptionFlags.given(spec, JobOptions.GROUPS));
        boolean embedded = !values.containsKey(JobOptions.BOOTSTRAP.key());
        if (dryRun) {
            if (embedded) {
                values.put(JobOptions.BOOTSTRAP.key(), "(embedded Kafka on port " + kafkaPort + ")");
            }
            PreparedJob job = PreparedJob.prepare(JobConfigReader.read(values));
            spec.commandLine()
                    .getOut()
                    .printf(
                            "tubelet job: configuration ok (dry run, nothing started): %s%n%s%n",
                            job.describe(), job.config());
            return 0;
        }
        JobConfigReader.read(
                withPlaceholderBootstrap(values, embedded)); // a bad option stops here, before a broker starts
        ConsoleLogging.announce(spec.commandLine().getErr(), spec.qualifiedName());
        EmbeddedKafka kafka = null;
        try {
            if (embedded) {
                kafka = EmbeddedKafka.start(kafkaPort, null);
                values.put(JobOptions.BOOTSTRAP.key(), kafka.bootstrapServers());
                spec.commandLine().getOut().println("tubelet job: embedded Kafka on " + kafka.bootstrapServers());
            }
            PreparedJob job = PreparedJob.prepare(JobConfigReader.read(values));
            spec.commandLine()
                    .getOut()
                    .printf("tubelet job: %s; dashboard http://%s:%d%n", job.describe(), webUiAddress, webUiPort);
            spec.commandLine().getOut().flush();
            LocalJob.environment(job, new Dashboard(webUiAddress, webUiPort, webCancel))
                    .execute("tubelet");
            return 0;
        } finally {
            if (kafka != null) {
                kafka.close();
            }
        }
    }

    private static Map<String, String> withPlaceholderBootstrap(Map<String, String> values, boolean embedded) {
        Map<String, String> checked = new LinkedHashMap<>(values);
        if (embedded) {
            checked.put(JobOptions.BOOTSTRAP.key(), "localhost:0");
        }
        return checked;
    }
}
