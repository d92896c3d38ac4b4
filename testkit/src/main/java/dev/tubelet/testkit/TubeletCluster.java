package dev.tubelet.testkit;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * A Flink MiniCluster and a real Kafka broker for the tests of one class, with job submission and
 * the REST API's metrics. Flink's own {@link MiniClusterExtension} does the cluster (so
 * {@code @InjectMiniCluster MiniCluster} parameters still resolve, for failover tests), the
 * embedded KRaft broker does Kafka.
 *
 * <pre>{@code
 * @RegisterExtension
 * static final TubeletCluster CLUSTER = TubeletCluster.withSlots(2);
 *
 * @Test
 * void eventsComeOut() throws Exception {
 *     CLUSTER.createTopics(List.of("in", "out"), 2);
 *     JobClient job = CLUSTER.submit("it", new Configuration(), env -> buildJob(env, CLUSTER.bootstrapServers()));
 *     …
 *     Map<String, Double> metrics = CLUSTER.metrics(job, Set.of("windowsEmitted"));
 * }
 * }</pre>
 */
public final class TubeletCluster
        implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback, ParameterResolver {
    private final MiniClusterExtension flink;
    private final EmbeddedKafkaExtension kafka = new EmbeddedKafkaExtension();

    private TubeletCluster(MiniClusterExtension flink) {
        this.flink = flink;
    }

    /**
     * @param slots task slots of the one TaskManager
     * @return the extension; register it as a static field
     */
    public static TubeletCluster withSlots(int slots) {
        return new TubeletCluster(new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
                .setNumberTaskManagers(1)
                .setNumberSlotsPerTaskManager(slots)
                .build()));
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        kafka.beforeAll(context);
        flink.beforeAll(context);
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        try {
            flink.afterAll(context);
        } finally {
            kafka.afterAll(context);
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) throws Exception {
        flink.beforeEach(context);
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        flink.afterEach(context);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context)
            throws ParameterResolutionException {
        return flink.supportsParameter(parameter, context);
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context)
            throws ParameterResolutionException {
        return flink.resolveParameter(parameter, context);
    }

    /** @return the broker's bootstrap servers */
    public String bootstrapServers() {
        return kafka.bootstrapServers();
    }

    /**
     * @param topics topics to create where missing
     * @param partitions partitions of each
     */
    public void createTopics(List<String> topics, int partitions) throws Exception {
        kafka.createTopics(topics, partitions);
    }

    /**
     * Builds a job on the MiniCluster's environment and submits it.
     *
     * @param name the job's name
     * @param configuration settings for the environment (the job's own Flink settings)
     * @param job adds the job's sources, operators and sinks
     * @return the running job (at most a minute is waited for it to be RUNNING)
     */
    public JobClient submit(String name, Configuration configuration, Consumer<StreamExecutionEnvironment> job)
            throws Exception {
        Configuration conf = new Configuration(configuration);
        // a job that cannot run fails the test instead of restarting until the test times out
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 5);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofSeconds(1));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        job.accept(env);
        JobClient client = env.executeAsync(name);
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (client.getJobStatus().get() != JobStatus.RUNNING && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        return client;
    }

    /**
     * @param job a running job
     * @param wanted metric names (histograms as {@code name_mean}, {@code name_p99}, …)
     * @return the values found, summed over subtasks and operators (see {@link RestMetrics})
     */
    public Map<String, Double> metrics(JobClient job, Set<String> wanted) throws Exception {
        Configuration conf = flink.getClientConfiguration();
        return RestMetrics.of(
                "http://" + conf.get(RestOptions.ADDRESS) + ":" + conf.get(RestOptions.PORT),
                job.getJobID().toHexString(),
                wanted);
    }
}
