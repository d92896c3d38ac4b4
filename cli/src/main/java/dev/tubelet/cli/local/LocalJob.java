package dev.tubelet.cli.local;

import dev.tubelet.jobs.config.JobConfig;
import dev.tubelet.jobs.pipeline.PreparedJob;
import dev.tubelet.kafka.embedded.EmbeddedKafka;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExternalizedCheckpointRetention;
import org.apache.flink.configuration.MetricOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/** The job on a Flink MiniCluster in this JVM, with its dashboard: what {@code job}, {@code demo} and {@code bench} run. */
public final class LocalJob {
    /** Partitions of the topics a local run creates. */
    public static final int PARTITIONS = 4;

    private LocalJob() {}

    /**
     * @param job the prepared job
     * @param webUiPort the dashboard's port, on the loopback address
     * @return the environment, ready to execute (see {@link #environment(PreparedJob, Dashboard)})
     */
    public static StreamExecutionEnvironment environment(PreparedJob job, int webUiPort) throws Exception {
        return environment(job, Dashboard.loopback(webUiPort), new ResumePoint(null, "fresh start"));
    }

    /**
     * Creates the job's topics where missing, and a local environment with the dashboard and REST
     * API as {@code dashboard} says holding the job. The caller executes it.
     *
     * @param job the prepared job
     * @param dashboard where the dashboard listens and what it accepts
     * @param start the checkpoint or savepoint to restore, if any
     * @return the environment, ready to execute
     */
    public static StreamExecutionEnvironment environment(PreparedJob job, Dashboard dashboard, ResumePoint start)
            throws Exception {
        JobConfig cfg = job.config();
        List<String> topics = cfg.topics().all(cfg.detects(), cfg.scoresAnomalies());
        EmbeddedKafka.createTopics(
                cfg.bootstrap(),
                cfg.kafka().settings(),
                topics,
                PARTITIONS,
                cfg.topics().creationConfigs());
        Configuration conf = job.flinkConfiguration();
        dashboard.applyTo(conf);
        // the dashboard and the benchmark read metrics through the REST API's cache: keep it fresh
        conf.set(MetricOptions.METRIC_FETCHER_UPDATE_INTERVAL, Duration.ofSeconds(2));
        // What a cluster's configuration says, said here for the MiniCluster: where checkpoints go unless
        // checkpoint-dir is given, and a bounded number of restarts, so that a job that cannot run ends
        // with its reason instead of restarting forever.
        if (job.config().checkpointDir() == null) {
            conf.set(
                    CheckpointingOptions.CHECKPOINTS_DIRECTORY,
                    Path.of(System.getProperty("java.io.tmpdir"), "tubelet-checkpoints")
                            .toUri()
                            .toString());
        }
        // A run that is cancelled, fails or is killed leaves its last checkpoints behind: the next run
        // with the same checkpoint-dir resumes from them (ResumePoint).
        conf.set(
                CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION,
                ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);
        conf.set(CheckpointingOptions.MAX_RETAINED_CHECKPOINTS, 3);
        if (start.path() != null) {
            conf.set(StateRecoveryOptions.SAVEPOINT_PATH, start.path());
        }
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 10);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofSeconds(2));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironmentWithWebUI(conf);
        job.addTo(env);
        return env;
    }

    /**
     * Cancels a local job and waits (at most a minute) until it has stopped, so that its Kafka
     * clients are closed before the broker they talk to is.
     *
     * @param job the running job
     */
    public static void stop(JobClient job) throws Exception {
        job.cancel().get();
        try {
            job.getJobExecutionResult().get(60, TimeUnit.SECONDS);
        } catch (ExecutionException cancelled) {
            // a cancelled job ends with an exception: that is the stop asked for
        }
    }
}
