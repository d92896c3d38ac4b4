package dev.tubelet.cli.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tubelet.operators.metrics.MetricNames;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the running job says about itself through Flink's REST API: its operators' metrics summed
 * over subtasks (the per-stage CPU time counters, frames received) and its last checkpoint.
 */
final class JobFigures {
    /** Metrics read, by name. */
    private static final List<String> METRICS = List.of(
            MetricNames.FRAMES_RECEIVED,
            MetricNames.CPU_NANOS_PARSE,
            MetricNames.CPU_NANOS_DECODE,
            MetricNames.CPU_NANOS_RESIZE,
            MetricNames.CPU_NANOS_STATE,
            MetricNames.CPU_NANOS_NORMALIZE,
            MetricNames.NANOS_INFERENCE,
            MetricNames.CPU_NANOS_SINK,
            MetricNames.PLANE_CACHE_HIT_RATIO);

    /**
     * @param metrics each metric summed over subtasks and operators (a gauge's sum; the hit ratio's mean)
     * @param checkpointBytes the last completed checkpoint's size, -1 for none
     * @param checkpointMs its duration, end to end, -1 for none
     * @param checkpointsFailed checkpoints that failed
     */
    record Snapshot(Map<String, Double> metrics, long checkpointBytes, long checkpointMs, long checkpointsFailed) {
        double get(String name) {
            return metrics.getOrDefault(name, 0.0);
        }
    }

    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();
    private final String base;
    private final String jobId;

    /**
     * @param port the REST API's port (loopback)
     * @param jobId the job
     */
    JobFigures(int port, String jobId) {
        this.base = "http://localhost:" + port;
        this.jobId = jobId;
    }

    private JsonNode get(String path) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create(base + path)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("GET " + path + ": HTTP " + response.statusCode());
        }
        return json.readTree(response.body());
    }

    /**
     * @return the job's figures now: the REST API answers from a cache that a request refreshes
     *     (at most every {@code metrics.fetcher.update-interval}, 2 s for local runs), so it asks,
     *     waits for the refresh, and asks again
     */
    Snapshot read() throws IOException, InterruptedException {
        readOnce();
        Thread.sleep(2_500);
        return readOnce();
    }

    private Snapshot readOnce() throws IOException, InterruptedException {
        Map<String, Double> sums = new LinkedHashMap<>();
        double ratioSum = 0;
        int ratios = 0;
        for (JsonNode vertex : get("/jobs/" + jobId).path("vertices")) {
            String path = "/jobs/" + jobId + "/vertices/" + vertex.path("id").asText() + "/subtasks/metrics";
            List<String> wanted = new ArrayList<>();
            for (JsonNode m : get(path)) {
                String id = m.path("id").asText();
                if (METRICS.stream().anyMatch(name -> id.equals(name) || id.endsWith("." + name))) {
                    wanted.add(id);
                }
            }
            if (wanted.isEmpty()) {
                continue;
            }
            for (JsonNode m : get(path + "?get=" + String.join(",", wanted))) {
                String id = m.path("id").asText();
                String name = id.substring(id.lastIndexOf('.') + 1);
                if (name.equals(MetricNames.PLANE_CACHE_HIT_RATIO)) {
                    ratioSum += m.path("avg").asDouble();
                    ratios++;
                } else {
                    sums.merge(name, m.path("sum").asDouble(), Double::sum);
                }
            }
        }
        if (ratios > 0) {
            sums.put(MetricNames.PLANE_CACHE_HIT_RATIO, ratioSum / ratios);
        }
        JsonNode checkpoints = get("/jobs/" + jobId + "/checkpoints");
        JsonNode last = checkpoints.path("latest").path("completed");
        boolean any = !last.isMissingNode() && !last.isNull();
        return new Snapshot(
                sums,
                any ? last.path("state_size").asLong(-1) : -1,
                any ? last.path("end_to_end_duration").asLong(-1) : -1,
                checkpoints.path("counts").path("failed").asLong());
    }
}
