package dev.tubelet.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tubelet.operators.metrics.MetricNames;
import java.nio.file.Files;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The dashboard and the README name the metrics the operators register (MetricNames), and no others. */
class MetricNamesTest {
    /** Operator metrics of Flink and its Kafka connector the dashboard shows beside Tubelet's. */
    private static final Set<String> FLINKS_OWN = Set.of("pendingRecords");

    @Test
    void theGrafanaDashboardQueriesOnlyMetricsThatExist() throws Exception {
        String dashboard = Files.readString(RepositoryFiles.file("docker/grafana/dashboards/tubelet.json"));
        Matcher m = Pattern.compile(
                        "flink_taskmanager_job_task_operator_([A-Za-z]+?)(_max|_min|_mean|_count|_stddev)?\\b")
                .matcher(dashboard);
        Set<String> used = new TreeSet<>();
        while (m.find()) {
            used.add(m.group(1));
        }
        assertThat(used).as("operator metrics in the dashboard").isNotEmpty();
        Set<String> unknown = new TreeSet<>(used);
        unknown.removeAll(MetricNames.all());
        unknown.removeAll(FLINKS_OWN);
        assertThat(unknown)
                .as("metrics the dashboard queries but no operator registers (renamed?)")
                .isEmpty();
        assertThat(used)
                .as("the dashboard's window and inference panels")
                .contains(
                        MetricNames.FRAMES_RECEIVED,
                        MetricNames.WINDOWS_EMITTED,
                        MetricNames.DEAD_LETTERS,
                        MetricNames.INFERENCE_LATENCY_MS,
                        MetricNames.CAPTURE_TO_EMIT_LATENCY_MS);
    }

    @Test
    void theReadmeDocumentsEveryMetric() throws Exception {
        String readme = Files.readString(RepositoryFiles.file("README.md"));
        for (String name : MetricNames.all()) {
            assertThat(readme).as("README mentions the metric").contains("`" + name + "`");
        }
    }
}
