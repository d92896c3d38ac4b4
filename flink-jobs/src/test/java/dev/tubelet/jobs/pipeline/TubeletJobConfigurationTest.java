package dev.tubelet.jobs.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tubelet.jobs.config.JobConfig;
import dev.tubelet.kafka.config.KafkaClientConfig;
import dev.tubelet.model.config.PreprocessorConfig;
import dev.tubelet.model.runtime.ExecutionOptions;
import dev.tubelet.operators.inference.InferenceSpec;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.StreamSupport;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.jobgraph.JobVertex;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamGraph;
import org.junit.jupiter.api.Test;

/**
 * What the job sets in Flink's configuration, and what it leaves to the cluster: a restart
 * strategy set in code would override the cluster's (a fixed number of attempts, used up while
 * Kafka starts, leaves the job FAILED on Kubernetes), and so would a checkpoint directory.
 */
class TubeletJobConfigurationTest {
    private static JobConfig.Builder config() {
        return JobConfig.builder()
                .bootstrap("kafka:9092")
                .inference(new InferenceSpec("/models/m", ExecutionOptions.cpu(), 8, Duration.ofMillis(50), 5));
    }

    /** The environment with the job built into it, as {@code tubelet job} builds it. */
    private static StreamExecutionEnvironment built(JobConfig cfg) {
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.getExecutionEnvironment(TubeletJob.flinkConfiguration(cfg));
        TubeletJob.build(env, cfg, PreprocessorConfig.videoMaeDefaults(224));
        return env;
    }

    private static Map<String, String> jobGraphConfiguration(JobConfig cfg) {
        StreamExecutionEnvironment env = built(cfg);
        StreamGraph graph = env.getStreamGraph();
        Map<String, String> all = new java.util.TreeMap<>(env.getConfiguration().toMap());
        all.putAll(graph.getJobConfiguration().toMap());
        return all;
    }

    @Test
    void theRestartStrategyIsTheClustersToSet() {
        Map<String, String> conf = jobGraphConfiguration(config().build());
        assertThat(conf.keySet()).noneMatch(key -> key.startsWith("restart-strategy"));
        assertThat(conf)
                .containsEntry("pipeline.generic-types", "false")
                .containsEntry("pipeline.object-reuse", "true");
    }

    @Test
    void checkpointsGoWhereTheJobSaysOrWhereTheClusterDoes() {
        assertThat(TubeletJob.flinkConfiguration(config().build()).toMap())
                .doesNotContainKey(CheckpointingOptions.CHECKPOINTS_DIRECTORY.key())
                .containsEntry(CheckpointingOptions.CHECKPOINT_STORAGE.key(), "filesystem");
        Configuration given = TubeletJob.flinkConfiguration(
                config().checkpointDir("s3://bucket/checkpoints").build());
        assertThat(given.get(CheckpointingOptions.CHECKPOINTS_DIRECTORY)).isEqualTo("s3://bucket/checkpoints");
    }

    @Test
    void framesAreFetchedAMegabytePerPartitionInBatchesUnlessTheUserSaysOtherwise() {
        Properties defaults = TubeletJob.framesConsumerProperties(config().build());
        assertThat(defaults)
                .containsEntry("max.partition.fetch.bytes", Integer.toString(1 << 20))
                .containsEntry("isolation.level", "read_committed")
                .containsEntry("fetch.min.bytes", Integer.toString(256 << 10))
                .containsEntry("fetch.max.wait.ms", "25");
        Properties immediate = TubeletJob.framesConsumerProperties(
                config().fetchWait(Duration.ZERO).build());
        assertThat(immediate).containsEntry("fetch.min.bytes", "1").containsEntry("fetch.max.wait.ms", "0");
        Properties users = TubeletJob.framesConsumerProperties(config().kafka(KafkaClientConfig.of(
                        "--kafka-config test",
                        Map.of("max.partition.fetch.bytes", "4194304", "security.protocol", "SASL_SSL")))
                .build());
        assertThat(users)
                .containsEntry("max.partition.fetch.bytes", "4194304")
                .containsEntry("security.protocol", "SASL_SSL");
    }

    private static List<String> vertexNames(JobConfig cfg) {
        return StreamSupport.stream(
                        built(cfg).getStreamGraph().getJobGraph().getVertices().spliterator(), false)
                .map(JobVertex::getName)
                .toList();
    }

    @Test
    void oneSubtaskReadsParsesAndWindowsFramesInOneChain() {
        assertThat(vertexNames(config().parallelism(1).build()))
                .anyMatch(name -> name.startsWith("Source: frames from Kafka -> parse frames -> strided windows"));
    }

    @Test
    void severalSubtasksShuffleFramesByCamera() {
        List<String> names = vertexNames(config().parallelism(4).build());
        assertThat(names).anyMatch(name -> name.startsWith("Source: frames from Kafka -> parse frames"));
        assertThat(names).noneMatch(name -> name.contains("parse frames -> strided windows"));
        assertThat(names).anyMatch(name -> name.startsWith("strided windows"));
    }
}
