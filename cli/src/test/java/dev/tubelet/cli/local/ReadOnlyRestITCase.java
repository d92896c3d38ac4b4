package dev.tubelet.cli.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A local run's REST API, for real (a MiniCluster's REST server with the dashboard's settings):
 * reads answered; cancel, stop, savepoints, cluster shutdown and jar upload refused, from any
 * address; cancel let through with --web-cancel.
 */
@Timeout(180)
class ReadOnlyRestITCase {
    private final HttpClient http =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @Test
    void readsAreAnsweredControlRequestsRefused() throws Exception {
        int port = freePort();
        try (Running run = start(new Dashboard(Dashboard.LOOPBACK, port, false))) {
            String base = "http://127.0.0.1:" + port;
            String job = run.client.getJobID().toHexString();
            assertThat(send("GET", base + "/jobs/overview").statusCode()).isEqualTo(200);
            assertThat(send("GET", base + "/jobs/" + job).statusCode()).isEqualTo(200);

            HttpResponse<String> cancel = send("PATCH", base + "/jobs/" + job + "?mode=cancel");
            assertThat(cancel.statusCode()).isEqualTo(403);
            assertThat(cancel.body()).contains("does not take cancel or stop requests", "--web-cancel");
            assertThat(send("GET", base + "/jobs/" + job + "/yarn-cancel").statusCode())
                    .isEqualTo(403);
            assertThat(send("POST", base + "/jobs/" + job + "/stop").statusCode())
                    .isEqualTo(403);
            assertThat(send("POST", base + "/jobs/" + job + "/savepoints").statusCode())
                    .isEqualTo(403);
            assertThat(send("POST", base + "/jars/upload").statusCode()).isEqualTo(403);
            assertThat(send("DELETE", base + "/cluster").statusCode()).isEqualTo(403);
            Thread.sleep(1000);
            assertThat(run.client.getJobStatus().get()).isEqualTo(JobStatus.RUNNING);
        }
    }

    @Test
    void webCancelLetsCancelThrough() throws Exception {
        int port = freePort();
        try (Running run = start(new Dashboard(Dashboard.LOOPBACK, port, true))) {
            String base = "http://127.0.0.1:" + port;
            String job = run.client.getJobID().toHexString();
            assertThat(send("POST", base + "/jars/upload").statusCode()).isEqualTo(403);
            assertThat(send("PATCH", base + "/jobs/" + job + "?mode=cancel").statusCode())
                    .isEqualTo(202);
            // the job ends cancelled (and its MiniCluster with it)
            assertThatThrownBy(() -> run.client.getJobExecutionResult().get(60, java.util.concurrent.TimeUnit.SECONDS))
                    .hasStackTraceContaining("JobCancellationException");
        }
    }

    private record Running(JobClient client) implements AutoCloseable {
        @Override
        public void close() {
            try {
                client.cancel().get();
            } catch (Exception alreadyOver) {
                // the test ended it
            }
        }
    }

    private static Running start(Dashboard dashboard) throws Exception {
        Configuration conf = new Configuration();
        dashboard.applyTo(conf);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironmentWithWebUI(conf);
        env.setParallelism(1);
        env.fromSequence(0, Long.MAX_VALUE).map(x -> x).sinkTo(new DiscardingSink<>());
        JobClient client = env.executeAsync("read-only-rest");
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (client.getJobStatus().get() != JobStatus.RUNNING) {
            assertThat(System.nanoTime()).isLessThan(deadline);
            Thread.sleep(100);
        }
        return new Running(client);
    }

    private HttpResponse<String> send(String method, String url) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create(url))
                        .method(method, HttpRequest.BodyPublishers.noBody())
                        .timeout(Duration.ofSeconds(20))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
