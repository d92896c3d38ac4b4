package dev.tubelet.testkit;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** A job's metrics as the dashboard's REST API reports them, summed over subtasks and operators. */
public final class RestMetrics {
    private RestMetrics() {}

    /**
     * @param restUrl the REST API, e.g. http://localhost:8081
     * @param jobId the running job's id (hex)
     * @param wanted metric names (histograms as name_mean, name_count, ...)
     * @return the values found, by name; asks until all are there or 30 s passed (metrics reach the API with a delay)
     */
    public static Map<String, Double> of(String restUrl, String jobId, Set<String> wanted) throws Exception {
        String base = restUrl + "/jobs/" + jobId;
        HttpClient http = HttpClient.newHttpClient();
        ObjectMapper json = new ObjectMapper();
        Map<String, Double> out = new TreeMap<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        do {
            out.clear();
            for (var vertex : json.readTree(get(http, base)).get("vertices")) {
                String vertexUrl = base + "/vertices/" + vertex.get("id").asText() + "/metrics";
                List<String> ids = new ArrayList<>();
                for (var metric : json.readTree(get(http, vertexUrl))) {
                    String id = metric.get("id").asText();
                    if (wanted.contains(id.substring(id.lastIndexOf('.') + 1))) {
                        ids.add(id);
                    }
                }
                if (ids.isEmpty()) {
                    continue;
                }
                String query = URLEncoder.encode(String.join(",", ids), StandardCharsets.UTF_8);
                for (var metric : json.readTree(get(http, vertexUrl + "?get=" + query))) {
                    String id = metric.get("id").asText();
                    out.merge(
                            id.substring(id.lastIndexOf('.') + 1),
                            metric.get("value").asDouble(),
                            Double::sum);
                }
            }
            if (out.keySet().containsAll(wanted)) {
                break;
            }
            Thread.sleep(500);
        } while (System.nanoTime() < deadline);
        return out;
    }

    private static String get(HttpClient http, String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString())
                .body();
    }
}
