package dev.tubelet.jobs;

import dev.tubelet.jobs.config.JobArguments;
import dev.tubelet.jobs.config.JobConfigReader;
import dev.tubelet.jobs.config.JobOptions;
import dev.tubelet.jobs.pipeline.PreparedJob;
import java.util.Map;
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
     */
    public static void main(String[] args) throws Exception {
        PreparedJob job;
        try {
            job = prepare(args);
        } catch (IllegalArgumentException e) {
            LOG.error("tubelet job: {}", e.getMessage());
            throw e;
        }
        LOG.info("tubelet job: {}", job.describe());
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(job.flinkConfiguration());
        job.addTo(env);
        env.execute("tubelet");
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
        if (!values.containsKey(JobOptions.BOOTSTRAP.key())) {
            throw new IllegalArgumentException(
                    "--bootstrap is required on a cluster: expected the Kafka bootstrap servers, found none");
        }
        return PreparedJob.prepare(JobConfigReader.read(values));
    }
}
