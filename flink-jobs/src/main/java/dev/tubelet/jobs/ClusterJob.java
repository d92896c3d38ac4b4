package dev.tubelet.jobs;

import dev.tubelet.jobs.config.JobArguments;
import dev.tubelet.jobs.config.JobConfigReader;
import dev.tubelet.jobs.config.JobOptions;
import dev.tubelet.jobs.pipeline.PreparedJob;
import dev.tubelet.jobs.pipeline.TopicWait;
import java.util.Map;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Entry point on a Flink cluster, in application mode or with {@code flink run}:
 *
 * <pre>{@code
 * flink run -c dev.tubelet.jobs.ClusterJob tubelet-job.jar --bootstrap kafka:9092 --model /models/k400 --config job.properties
 * }</pre>
 *
 * <p>Takes the options of {@code tubelet job} ({@link JobOptions}, as {@code --key value} or in a
 * properties file), checks them and the models, and submits the job to the cluster's
 * environment. A bad option or model stops it with one line saying what was expected and found.
 */
public final class ClusterJob {
    private static final Logger LOG = LoggerFactory.getLogger(ClusterJob.class);

    private ClusterJob() {}

    /**
     * @param args the options of {@code tubelet job}
     * @throws IllegalArgumentException for a bad option, value or model, with the one-line reason
     * @throws IllegalStateException when the job's topics do not appear within {@code topic-wait-s}
     */
    public static void main(String[] args) throws Exception {
        PreparedJob job;
        try {
            job = prepare(args);
            LOG.info("tubelet job: {}", job.describe());
            TopicWait.untilTheyExist(
                    job.config().bootstrap(),
                    job.config().kafka(),
                    TopicWait.topicsOf(job.config()),
                    job.config().topicWait());
        } catch (IllegalArgumentException | IllegalStateException e) {
            LOG.error("tubelet job: {}", e.getMessage());
            throw e;
        }
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(job.flinkConfiguration());
        try {
            requireCheckpointDirectory(env.getConfiguration());
        } catch (IllegalArgumentException e) {
            LOG.error("tubelet job: {}", e.getMessage());
            throw e;
        }
        job.addTo(env);
        env.execute("tubelet");
    }

    /**
     * Checkpoints go to a file system (windows are megabytes per camera): to {@code checkpoint-dir},
     * or to the cluster's {@code execution.checkpointing.dir}, which the environment's configuration
     * holds in application mode and with {@code flink run}.
     *
     * @param effective the environment's configuration, the cluster's and the job's together
     * @throws IllegalArgumentException when neither names a directory
     */
    static void requireCheckpointDirectory(ReadableConfig effective) {
        String dir = effective.get(CheckpointingOptions.CHECKPOINTS_DIRECTORY);
        if (dir == null || dir.isBlank()) {
            throw new IllegalArgumentException("checkpoints: expected --checkpoint-dir or the cluster's "
                    + CheckpointingOptions.CHECKPOINTS_DIRECTORY.key()
                    + " (a directory the JobManager and every TaskManager share), found neither");
        }
    }

    /**
     * Everything but running: reads the arguments and the config file, checks the models.
     *
     * @param args the options of {@code tubelet job}
     * @return the job, ready to add to an environment
     * @throws IllegalArgumentException for a bad option, value or model
     */
    public static PreparedJob prepare(String[] args) {
        Map<String, String> values = JobArguments.parse(args);
        if (!values.containsKey(JobOptions.BOOTSTRAP.key()) && !values.containsKey(JobOptions.KAFKA_CONFIG.key())) {
            throw new IllegalArgumentException("--bootstrap is required on a cluster: expected the Kafka bootstrap "
                    + "servers (or bootstrap.servers in --kafka-config), found none");
        }
        return PreparedJob.prepare(JobConfigReader.read(values));
    }
}
