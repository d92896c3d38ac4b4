package dev.tubelet.jobs.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class CheckpointUriTest {
    @Test
    void aPlainPathBecomesAFileUriAndAUriStaysAsGiven() {
        assertThat(JobConfigReader.checkpointUri("/var/ckpt")).isEqualTo("file:///var/ckpt");
        assertThat(JobConfigReader.checkpointUri("ckpt"))
                .isEqualTo(Path.of("ckpt").toAbsolutePath().normalize().toUri().toString());
        assertThat(JobConfigReader.checkpointUri("s3://bucket/ckpt")).isEqualTo("s3://bucket/ckpt");
        assertThat(JobConfigReader.checkpointUri(null)).isNull();
    }
}
