package dev.tubelet.cli;

import dev.tubelet.cli.local.Dashboard;
import dev.tubelet.cli.local.LocalJob;
import dev.tubelet.cli.local.ResumePoint;
import dev.tubelet.commandline.ConsoleLogging;
import dev.tubelet.commandline.GracefulStop;
import dev.tubelet.commandline.VerboseOption;
import dev.tubelet.jobs.config.JobArguments;
import dev.tubelet.jobs.config.JobConfigReader;
import dev.tubelet.jobs.config.JobOptions;
import dev.tubelet.jobs.pipeline.PreparedJob;
import dev.tubelet.kafka.config.KafkaClientConfig;
import dev.tubelet.kafka.embedded.EmbeddedKafka;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
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
            description = "Let cancel and stop through the REST API and show the dashboard's cancel button; off by "
                    + "default: the REST API is read-only (every control request is refused with 403; Ctrl-C "
                    + "stops the job). Jar upload is always off; the REST API answers on --web-ui-address only.")
    boolean webCancel;

    @Option(
            names = "--resume",
            paramLabel = "auto|never|PATH",
            defaultValue = "auto",
            description = "Where to start: auto resumes from the latest completed checkpoint in --checkpoint-dir (a "
                    + "run that was stopped, failed or killed leaves its last ones there), never starts afresh, PATH "
                    + "restores that checkpoint or savepoint (default: ${DEFAULT-VALUE}).")
    String resume;

    @Option(
            names = "--from-savepoint",
            paramLabel = "PATH",
            description = "Restore this savepoint (the same as --resume PATH).")
    String fromSavepoint;

    @Option(
            names = "--savepoint-dir",
            paramLabel = "DIR",
            description = "Ctrl-C (SIGTERM) stops the job with a savepoint written here, and prints its path; "
                    + "without it, Ctrl-C cancels and the retained checkpoints are where --resume auto starts.")
    String savepointDir;

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
        boolean embedded = !values.containsKey(JobOptions.BOOTSTRAP.key())
                && kafkaConfigBootstrap(values).isEmpty();
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
            ResumePoint start = ResumePoint.choose(
                    fromSavepoint != null ? fromSavepoint : resume, job.config().checkpointDir());
            var out = spec.commandLine().getOut();
            out.printf("tubelet job: %s; dashboard http://%s:%d%n", job.describe(), webUiAddress, webUiPort);
            out.println("tubelet job: " + start.reason());
            out.flush();
            // the job watches its broker itself (BrokerWatchingParser): its warnings reach this console
            run(LocalJob.environment(job, new Dashboard(webUiAddress, webUiPort, webCancel), start), out);
            return 0;
        } finally {
            if (kafka != null) {
                kafka.close();
            }
        }
    }

    /**
     * Runs the job until it ends or Ctrl-C: then stops it with a savepoint (with --savepoint-dir) or
     * cancels it (its retained checkpoints stay for the next start).
     */
    private void run(StreamExecutionEnvironment env, java.io.PrintWriter out) throws Exception {
        try (GracefulStop stop = new GracefulStop(180)) {
            JobClient client = env.executeAsync("tubelet");
            while (!stop.stopping().get()) {
                if (client.getJobStatus().get().isGloballyTerminalState()) {
                    client.getJobExecutionResult().get(); // a failed job ends here with its reason
                    return;
                }
                Thread.sleep(250);
            }
            if (savepointDir != null) {
                String savepoint = client.stopWithSavepoint(false, savepointDir, SavepointFormatType.CANONICAL)
                        .get(150, TimeUnit.SECONDS);
                out.println("tubelet job: stopped with a savepoint at " + savepoint
                        + "; start again with --from-savepoint " + savepoint);
            } else {
                LocalJob.stop(client);
                out.println("tubelet job: cancelled; the next start with the same --checkpoint-dir resumes from its "
                        + "latest checkpoint");
            }
            out.flush();
        }
    }

    /** bootstrap.servers of --kafka-config, if it is given and names them. */
    private static java.util.Optional<String> kafkaConfigBootstrap(Map<String, String> values) {
        String file = values.get(JobOptions.KAFKA_CONFIG.key());
        return file == null
                ? java.util.Optional.empty()
                : KafkaClientConfig.load(java.nio.file.Path.of(file)).bootstrap();
    }

    private static Map<String, String> withPlaceholderBootstrap(Map<String, String> values, boolean embedded) {
        Map<String, String> checked = new LinkedHashMap<>(values);
        if (embedded) {
            checked.put(JobOptions.BOOTSTRAP.key(), "localhost:0");
        }
        return checked;
    }
}
