package dev.tubelet.operators.alerts;

import java.io.Serializable;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One alert rule: a segment of one of {@code labels} whose mean score is at least {@code minScore}
 * raises an alert when it has lasted {@code minDurationS}, on the cameras the globs match, with the
 * tracked box's bottom centre in {@code zone} when one is given (detection segments), only for
 * tracks when {@code tracksOnly}; then not again for the same camera (and track) within
 * {@code cooldownS} of capture time.
 *
 * @param name the rule's name (unique in a file)
 * @param labels the labels it watches
 * @param minScore lowest mean score of the segment, 0..1
 * @param minDurationS how long the segment must have lasted, seconds
 * @param cameras camera id globs ({@code *} any characters, {@code ?} one)
 * @param zone polygon in normalized coordinates as x, y pairs, or empty for the whole frame
 * @param tracksOnly only segments of tracked boxes
 * @param cooldownS quiet time per camera (and track) after an alert, seconds
 * @param severity info, warning or critical
 * @param anomaly for a rule on the anomaly score instead of labels: the z-score and the run of windows
 *     that fire it; null for a label rule
 */
public record AlertRule(
        String name,
        Set<String> labels,
        double minScore,
        double minDurationS,
        List<String> cameras,
        float[] zone,
        boolean tracksOnly,
        double cooldownS,
        String severity,
        AnomalyCondition anomaly)
        implements Serializable {

    /**
     * A rule on the anomaly score: {@code minWindows} windows in a row, after the camera's warm-up,
     * each at least {@code minZ} standard deviations above the camera's baseline.
     *
     * @param minZ the lowest z-score that counts
     * @param minWindows how many such windows in a row fire the rule
     */
    public record AnomalyCondition(double minZ, int minWindows) implements Serializable {}

    /** A label rule (no anomaly condition). */
    public AlertRule(
            String name,
            Set<String> labels,
            double minScore,
            double minDurationS,
            List<String> cameras,
            float[] zone,
            boolean tracksOnly,
            double cooldownS,
            String severity) {
        this(name, labels, minScore, minDurationS, cameras, zone, tracksOnly, cooldownS, severity, null);
    }

    /** @return whether the rule watches the anomaly score rather than labels */
    public boolean watchesAnomalies() {
        return anomaly != null;
    }
    /** The severities a rule may have. */
    public static final List<String> SEVERITIES = List.of("info", "warning", "critical");

    /**
     * @param camera a camera id
     * @return whether one of the rule's globs matches it
     */
    public boolean matchesCamera(String camera) {
        for (String glob : cameras) {
            if (glob(glob).matcher(camera).matches()) {
                return true;
            }
        }
        return false;
    }

    /**
     * @param box x1, y1, x2, y2 normalized, or null for a whole-camera segment
     * @return whether the segment is in the rule's zone: no zone, or the box's bottom centre (where
     *     a person stands) inside the polygon; a whole-camera segment is never in a zone
     */
    public boolean inZone(float[] box) {
        if (zone.length == 0) {
            return true;
        }
        if (box == null) {
            return false;
        }
        return inside((box[0] + box[2]) / 2, box[3], zone);
    }

    /** Even-odd ray casting. */
    static boolean inside(float x, float y, float[] polygon) {
        boolean in = false;
        int n = polygon.length / 2;
        for (int i = 0, j = n - 1; i < n; j = i++) {
            float xi = polygon[2 * i];
            float yi = polygon[2 * i + 1];
            float xj = polygon[2 * j];
            float yj = polygon[2 * j + 1];
            if ((yi > y) != (yj > y) && x < (xj - xi) * (y - yi) / (yj - yi) + xi) {
                in = !in;
            }
        }
        return in;
    }

    private static Pattern glob(String glob) {
        StringBuilder re = new StringBuilder();
        for (char c : glob.toCharArray()) {
            switch (c) {
                case '*' -> re.append(".*");
                case '?' -> re.append('.');
                default -> re.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(re.toString());
    }

    @Override
    public String toString() {
        if (anomaly != null) {
            return name + "(anomaly z >= " + anomaly.minZ() + " for " + anomaly.minWindows() + " windows on " + cameras
                    + ", cooldown " + cooldownS + " s, " + severity + ")";
        }
        return name + "(" + String.join("|", labels) + " >= " + minScore + " for " + minDurationS + " s on " + cameras
                + (zone.length > 0 ? " in a zone" : "") + (tracksOnly ? ", tracks only" : "") + ", cooldown "
                + cooldownS + " s, " + severity + ")";
    }
}
