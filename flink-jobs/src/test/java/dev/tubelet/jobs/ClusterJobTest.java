package dev.tubelet.jobs;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;

class ClusterJobTest {
    @Test
    void aClusterWithoutACheckpointDirectoryStopsTheJobWithOneLine() {
        assertThatThrownBy(() -> ClusterJob.requireCheckpointDirectory(new Configuration()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("checkpoints: expected --checkpoint-dir or the cluster's execution.checkpointing.dir"
                        + " (a directory the JobManager and every TaskManager share), found neither");
    }

    @Test
    void theClustersDirectoryUnderEitherKeyIsEnough() {
        Configuration cluster = new Configuration();
        cluster.setString("execution.checkpointing.dir", "file:///flink-data/checkpoints");
        // what the job sees: the environment's configuration holds the cluster's
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(cluster);
        assertThatCode(() -> ClusterJob.requireCheckpointDirectory(env.getConfiguration()))
                .doesNotThrowAnyException();
        Configuration deprecatedKey = new Configuration();
        deprecatedKey.setString("state.checkpoints.dir", "s3://bucket/checkpoints");
        assertThatCode(() -> ClusterJob.requireCheckpointDirectory(deprecatedKey))
                .doesNotThrowAnyException();
    }
}
