package dev.tubelet.cli.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.JobManagerOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.configuration.WebOptions;
import org.junit.jupiter.api.Test;

class DashboardTest {
    @Test
    void byDefaultEverythingListensOnLoopbackAndNoJarCanBeUploaded() {
        Configuration conf = new Configuration();
        Dashboard.loopback(8081).applyTo(conf);
        assertThat(conf.get(RestOptions.BIND_ADDRESS)).isEqualTo("127.0.0.1");
        assertThat(conf.get(RestOptions.PORT)).isEqualTo(8081);
        assertThat(conf.get(JobManagerOptions.BIND_HOST)).isEqualTo("127.0.0.1");
        assertThat(conf.get(TaskManagerOptions.BIND_HOST)).isEqualTo("127.0.0.1");
        assertThat(conf.get(WebOptions.SUBMIT_ENABLE)).isFalse();
        assertThat(conf.get(WebOptions.CANCEL_ENABLE)).isFalse();
        assertThat(conf.get(WebOptions.RESCALE_ENABLE)).isFalse();
        assertThat(conf.get(ReadOnlyRest.READ_ONLY)).isTrue();
    }

    @Test
    void theRestApiAnswersReadsAndRefusesControlUnlessCancelIsAllowed() {
        String job = "/jobs/0123456789abcdef0123456789abcdef";
        assertThat(ReadOnlyRest.refusal("GET", "/jobs/overview", false)).isNull();
        assertThat(ReadOnlyRest.refusal("GET", job + "/checkpoints", false)).isNull();
        assertThat(ReadOnlyRest.refusal("PATCH", job + "?mode=cancel", false)).contains("--web-cancel");
        assertThat(ReadOnlyRest.refusal("PATCH", job + "?mode=cancel", true)).isNull();
        assertThat(ReadOnlyRest.refusal("POST", job + "/stop", true)).isNull();
        assertThat(ReadOnlyRest.refusal("GET", job + "/yarn-cancel", false)).isNotNull();
        assertThat(ReadOnlyRest.refusal("GET", "/v1" + job + "/yarn-stop", true))
                .isNull();
        assertThat(ReadOnlyRest.refusal("POST", job + "/savepoints", true)).contains("read-only");
        assertThat(ReadOnlyRest.refusal("POST", "/jars/upload", true)).contains("read-only");
        assertThat(ReadOnlyRest.refusal("DELETE", "/cluster", true)).contains("read-only");
        assertThat(ReadOnlyRest.refusal("PUT", job + "/resource-requirements", true))
                .isNotNull();
    }

    @Test
    void anotherAddressMovesTheDashboardOnlyNeverTheBlobServerOrRpc() {
        Configuration conf = new Configuration();
        new Dashboard("0.0.0.0", 9000, true).applyTo(conf);
        assertThat(conf.get(RestOptions.BIND_ADDRESS)).isEqualTo("0.0.0.0");
        assertThat(conf.get(JobManagerOptions.BIND_HOST)).isEqualTo("127.0.0.1");
        assertThat(conf.get(WebOptions.CANCEL_ENABLE)).isTrue();
        assertThat(conf.get(WebOptions.SUBMIT_ENABLE)).isFalse();
        assertThatThrownBy(() -> new Dashboard(" ", 1, false)).hasMessageContaining("--web-ui-address");
    }
}
