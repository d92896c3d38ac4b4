package dev.tubelet.operators.alerts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The rules of a {@code --rules FILE} (YAML), read and checked once: a file, or a rule, that is not
 * what is expected stops with one line naming the rule and the field, what was expected and what
 * was found.
 *
 * <pre>{@code
 * rules:
 *   - name: lights-on
 *     labels: [bright]
 *     min-score: 0.8
 *     min-duration-s: 2
 *     cooldown-s: 60
 *     cameras: ["*"]
 *     severity: warning
 *   - name: unusual
 *     anomaly: {min-z: 4, min-windows: 2}
 *     cameras: ["lobby-*"]
 * }</pre>
 *
 * @param source where the rules come from, for messages
 * @param rules the rules, in file order
 */
public record AlertRules(String source, List<AlertRule> rules) implements Serializable {
    private static final Set<String> FIELDS = Set.of(
            "name",
            "labels",
            "min-score",
            "min-duration-s",
            "cameras",
            "zone",
            "tracks-only",
            "cooldown-s",
            "severity",
            "anomaly");
    /** What a rule on the anomaly score may not have: it has no label, segment or box. */
    private static final List<String> LABEL_FIELDS =
            List.of("labels", "min-score", "min-duration-s", "zone", "tracks-only");

    /** @return no rules: no alerts */
    public static AlertRules none() {
        return new AlertRules("", List.of());
    }

    /** @return whether there are none */
    public boolean isEmpty() {
        return rules.isEmpty();
    }

    /**
     * @param file a YAML file with a {@code rules} list
     * @return its rules, checked
     * @throws IllegalArgumentException one line naming the rule and field at fault
     */
    public static AlertRules read(Path file) {
        String where = "--rules " + file;
        JsonNode root;
        try {
            root = new ObjectMapper(new YAMLFactory()).readTree(Files.readString(file));
        } catch (IOException e) {
            throw new IllegalArgumentException(
                    where + ": expected a readable YAML file of rules, found "
                            + (Files.exists(file)
                                    ? "one that does not parse (" + oneLine(e.getMessage()) + ")"
                                    : "none"),
                    e);
        }
        if (root == null || !root.path("rules").isArray() || root.path("rules").isEmpty()) {
            throw new IllegalArgumentException(where + ": expected a list 'rules:' of one rule or more, found none");
        }
        List<AlertRule> rules = new ArrayList<>();
        Set<String> names = new HashSet<>();
        int i = 0;
        for (JsonNode node : root.path("rules")) {
            i++;
            String at = where + ": rule "
                    + (node.path("name").isTextual() ? "'" + node.path("name").asText() + "'" : "#" + i);
            AlertRule rule = rule(at, node);
            if (!names.add(rule.name())) {
                throw new IllegalArgumentException(at + ": name: expected a name no other rule has, found it twice");
            }
            rules.add(rule);
        }
        return new AlertRules(where, List.copyOf(rules));
    }

    private static AlertRule rule(String at, JsonNode node) {
        if (!node.isObject()) {
            throw new IllegalArgumentException(at + ": expected a mapping of fields, found " + node.getNodeType());
        }
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String field = it.next();
            if (!FIELDS.contains(field)) {
                throw new IllegalArgumentException(
                        at + ": unknown field '" + field + "'; expected one of " + new java.util.TreeSet<>(FIELDS));
            }
        }
        String name = text(at, node, "name", null);
        if (name.isBlank()) {
            throw new IllegalArgumentException(at + ": name: expected a name, found an empty one");
        }
        AlertRule.AnomalyCondition anomaly = anomaly(at, node);
        Set<String> labels = new LinkedHashSet<>(anomaly != null ? List.of() : strings(at, node, "labels", null));
        if (labels.isEmpty() && anomaly == null) {
            throw new IllegalArgumentException(at + ": labels: expected one label or more, found none");
        }
        double minScore = number(at, node, "min-score", 0);
        if (minScore < 0 || minScore > 1) {
            throw new IllegalArgumentException(at + ": min-score: expected 0 to 1, found " + minScore);
        }
        double minDuration = number(at, node, "min-duration-s", 0);
        if (minDuration < 0) {
            throw new IllegalArgumentException(
                    at + ": min-duration-s: expected 0 or more seconds, found " + minDuration);
        }
        double cooldown = number(at, node, "cooldown-s", 0);
        if (cooldown < 0) {
            throw new IllegalArgumentException(at + ": cooldown-s: expected 0 or more seconds, found " + cooldown);
        }
        List<String> cameras = strings(at, node, "cameras", List.of("*"));
        if (cameras.isEmpty() || cameras.stream().anyMatch(String::isBlank)) {
            throw new IllegalArgumentException(at + ": cameras: expected camera id globs, found " + cameras);
        }
        String severity = text(at, node, "severity", "warning");
        if (!AlertRule.SEVERITIES.contains(severity)) {
            throw new IllegalArgumentException(
                    at + ": severity: expected one of " + AlertRule.SEVERITIES + ", found '" + severity + "'");
        }
        JsonNode tracksOnly = node.path("tracks-only");
        if (!tracksOnly.isMissingNode() && !tracksOnly.isBoolean()) {
            throw new IllegalArgumentException(
                    at + ": tracks-only: expected true or false, found '" + tracksOnly.asText() + "'");
        }
        return new AlertRule(
                name,
                Set.copyOf(labels),
                minScore,
                minDuration,
                List.copyOf(cameras),
                zone(at, node.path("zone")),
                tracksOnly.asBoolean(false),
                cooldown,
                severity,
                anomaly);
    }

    /** The {@code anomaly: {min-z, min-windows}} condition, or null for a label rule. */
    private static AlertRule.AnomalyCondition anomaly(String at, JsonNode node) {
        JsonNode a = node.path("anomaly");
        if (a.isMissingNode()) {
            return null;
        }
        for (String field : LABEL_FIELDS) {
            if (node.has(field)) {
                throw new IllegalArgumentException(at + ": " + field + ": a rule on the anomaly score has no labels, "
                        + "segments or boxes; expected anomaly or " + field + ", found both");
            }
        }
        String expected = "expected {min-z: Z, min-windows: N} with Z > 0 and N ≥ 1";
        if (!a.isObject()) {
            throw new IllegalArgumentException(at + ": anomaly: " + expected + ", found '" + a.asText() + "'");
        }
        for (Iterator<String> it = a.fieldNames(); it.hasNext(); ) {
            String field = it.next();
            if (!field.equals("min-z") && !field.equals("min-windows")) {
                throw new IllegalArgumentException(at + ": anomaly: unknown field '" + field + "'; " + expected);
            }
        }
        double minZ = number(at, a, "min-z", 4);
        double minWindows = number(at, a, "min-windows", 1);
        if (!(minZ > 0) || minWindows < 1 || minWindows != Math.rint(minWindows)) {
            throw new IllegalArgumentException(
                    at + ": anomaly: " + expected + ", found min-z " + minZ + ", min-windows " + minWindows);
        }
        return new AlertRule.AnomalyCondition(minZ, (int) minWindows);
    }

    private static float[] zone(String at, JsonNode zone) {
        if (zone.isMissingNode() || zone.isNull()) {
            return new float[0];
        }
        String expected = "expected a polygon of 3 points or more, [[x, y], ...] with x and y in 0..1";
        if (!zone.isArray() || zone.size() < 3) {
            throw new IllegalArgumentException(at + ": zone: " + expected + ", found " + zone);
        }
        float[] out = new float[zone.size() * 2];
        int i = 0;
        for (JsonNode point : zone) {
            if (!point.isArray()
                    || point.size() != 2
                    || !point.get(0).isNumber()
                    || !point.get(1).isNumber()) {
                throw new IllegalArgumentException(at + ": zone: " + expected + ", found " + zone);
            }
            for (JsonNode v : point) {
                double d = v.asDouble();
                if (d < 0 || d > 1) {
                    throw new IllegalArgumentException(at + ": zone: " + expected + ", found " + zone);
                }
                out[i++] = (float) d;
            }
        }
        return out;
    }

    private static String text(String at, JsonNode node, String field, String fallback) {
        JsonNode v = node.path(field);
        if (v.isMissingNode() && fallback != null) {
            return fallback;
        }
        if (!v.isTextual()) {
            throw new IllegalArgumentException(at + ": " + field + ": expected text, found "
                    + (v.isMissingNode() ? "none" : "'" + v.asText() + "'"));
        }
        return v.asText().strip();
    }

    private static double number(String at, JsonNode node, String field, double fallback) {
        JsonNode v = node.path(field);
        if (v.isMissingNode()) {
            return fallback;
        }
        if (!v.isNumber()) {
            throw new IllegalArgumentException(at + ": " + field + ": expected a number, found '" + v.asText() + "'");
        }
        return v.asDouble();
    }

    private static List<String> strings(String at, JsonNode node, String field, List<String> fallback) {
        JsonNode v = node.path(field);
        if (v.isMissingNode() && fallback != null) {
            return fallback;
        }
        if (v.isTextual()) {
            return List.of(v.asText().strip());
        }
        if (!v.isArray()) {
            throw new IllegalArgumentException(at + ": " + field + ": expected a list, found "
                    + (v.isMissingNode() ? "none" : "'" + v.asText() + "'"));
        }
        List<String> out = new ArrayList<>();
        for (JsonNode s : v) {
            if (!s.isTextual()) {
                throw new IllegalArgumentException(at + ": " + field + ": expected text items, found " + v);
            }
            out.add(s.asText().strip());
        }
        return out;
    }

    private static String oneLine(String message) {
        return message == null ? "" : message.replaceAll("\\s+", " ").strip();
    }

    /**
     * A rule about a label no model has would never fire: that is a typo or the wrong model.
     *
     * @param known the labels of the models the job runs
     * @throws IllegalArgumentException naming the rule, the label and some known labels
     */
    public void checkLabels(java.util.Collection<String> known) {
        for (AlertRule rule : rules) {
            for (String label : rule.labels()) {
                if (!known.contains(label)) {
                    String some = known.stream().limit(12).collect(java.util.stream.Collectors.joining(", "));
                    throw new IllegalArgumentException(source + ": rule '" + rule.name()
                            + "': labels: expected labels of the model (" + some
                            + (known.size() > 12 ? ", … " + known.size() + " in all" : "") + "), found '" + label
                            + "'");
                }
            }
        }
    }

    /**
     * A rule on the anomaly score would never fire in a job that scores no anomalies.
     *
     * @param scoresAnomalies whether the job runs an anomaly model
     * @throws IllegalArgumentException naming the first such rule
     */
    public void checkAnomalies(boolean scoresAnomalies) {
        for (AlertRule rule : rules) {
            if (rule.watchesAnomalies() && !scoresAnomalies) {
                throw new IllegalArgumentException(source + ": rule '" + rule.name()
                        + "': anomaly: expected an anomaly model (--anomaly-model DIR), found none");
            }
        }
    }

    /** @return whether a rule watches the anomaly score */
    public boolean watchAnomalies() {
        return rules.stream().anyMatch(AlertRule::watchesAnomalies);
    }

    @Override
    public String toString() {
        return rules.isEmpty() ? "none" : rules.size() + " (" + source + "): " + rules;
    }
}
