package dev.tubelet.operators.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tubelet.operators.segments.SegmentUpdate;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Rule files: read, checked field by field with one line, and rules held against segment updates. */
class AlertRulesTest {
    @TempDir
    Path dir;

    private AlertRules read(String yaml) throws Exception {
        Path file = dir.resolve("rules.yaml");
        Files.writeString(file, yaml);
        return AlertRules.read(file);
    }

    private String error(String rule) {
        Path file = dir.resolve("rules.yaml");
        try {
            Files.writeString(file, "rules:\n  - name: r\n    labels: [run]\n" + rule);
            AlertRules.read(file);
        } catch (IllegalArgumentException e) {
            return e.getMessage().replace(file.toString(), "FILE");
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        throw new AssertionError("accepted: " + rule);
    }

    @Test
    void aLabelNoModelHasIsRefusedWithTheModelsLabels() throws Exception {
        AlertRules rules = read("""
                rules:
                  - name: lights-on
                    labels: [bright, brite]
                """);
        rules.checkLabels(List.of("dark", "bright", "brite"));
        assertThatThrownBy(() -> rules.checkLabels(List.of("dark", "bright")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageEndingWith(
                        ": rule 'lights-on': labels: expected labels of the model (dark, bright), found 'brite'");
    }

    @Test
    void theIssuesExampleReadsWithItsDefaults() throws Exception {
        AlertRules rules = read("""
                rules:
                  - name: lights-on
                    labels: [bright]
                    min-score: 0.8
                    min-duration-s: 2
                    cooldown-s: 60
                    cameras: ["*"]
                    severity: warning
                  - name: fall-in-zone-b
                    labels: [fall, lie down]
                    zone: [[0.5, 0.5], [1, 0.5], [1, 1], [0.5, 1]]
                    tracks-only: true
                """);
        assertThat(rules.rules()).hasSize(2);
        AlertRule lights = rules.rules().get(0);
        assertThat(lights.labels()).containsExactly("bright");
        assertThat(lights.minScore()).isEqualTo(0.8);
        assertThat(lights.minDurationS()).isEqualTo(2);
        assertThat(lights.cooldownS()).isEqualTo(60);
        AlertRule fall = rules.rules().get(1);
        assertThat(fall.severity()).isEqualTo("warning");
        assertThat(fall.cameras()).containsExactly("*");
        assertThat(fall.zone()).hasSize(8);
        assertThat(fall.tracksOnly()).isTrue();
    }

    @Test
    void eachBadFieldStopsWithOneLineNamingTheRuleAndTheField() {
        assertThat(error("    min-score: 2\n"))
                .isEqualTo("--rules FILE: rule 'r': min-score: expected 0 to 1, found 2.0");
        assertThat(error("    min-score: high\n")).contains("min-score: expected a number, found 'high'");
        assertThat(error("    min-duration-s: -1\n")).contains("min-duration-s: expected 0 or more seconds");
        assertThat(error("    cooldown-s: -5\n")).contains("cooldown-s: expected 0 or more seconds");
        assertThat(error("    severity: loud\n"))
                .contains("severity: expected one of [info, warning, critical], found 'loud'");
        assertThat(error("    zone: [[0, 0], [1, 1]]\n")).contains("zone: expected a polygon of 3 points or more");
        assertThat(error("    zone: [[0, 0], [1, 1], [2, 0]]\n")).contains("x and y in 0..1");
        assertThat(error("    tracks-only: maybe\n")).contains("tracks-only: expected true or false");
        assertThat(error("    cameras: []\n")).contains("cameras: expected camera id globs");
        assertThat(error("    min_score: 0.5\n")).contains("unknown field 'min_score'; expected one of");
        assertThat(error("  - name: r\n    labels: [x]\n")).contains("name: expected a name no other rule has");
        assertThat(error("  - labels: [x]\n")).contains("rule #2: name: expected text, found none");
        assertThat(error("  - name: s\n    labels: []\n")).contains("rule 's': labels: expected one label or more");
    }

    @Test
    void fileLevelProblemsAreOneLineToo() throws Exception {
        assertThatThrownBy(() -> read("rules: []\n"))
                .hasMessageEndingWith("expected a list 'rules:' of one rule or more, found none");
        assertThatThrownBy(() -> read("rules: [\n"))
                .hasMessageContaining("expected a readable YAML file of rules, found one that does not parse");
        assertThatThrownBy(() -> AlertRules.read(dir.resolve("none.yaml"))).hasMessageEndingWith("found none");
    }

    private static SegmentUpdate update(
            String camera, long track, String label, long startMicros, long endMicros, float mean) {
        SegmentUpdate u = new SegmentUpdate();
        u.segmentId = "seg:" + label + ":" + startMicros;
        u.cameraId = camera;
        u.trackId = track;
        u.labelName = label;
        u.startMicros = startMicros;
        u.endMicros = endMicros;
        u.meanScore = mean;
        return u;
    }

    @Test
    void aRuleFiresOnDurationScoreLabelsCamerasZoneAndTracks() throws Exception {
        AlertRules rules = read("""
                rules:
                  - name: lobby-running
                    labels: [run, sprint]
                    min-score: 0.6
                    min-duration-s: 2
                    cameras: ["lobby-*"]
                  - name: fall-in-zone
                    labels: [fall]
                    zone: [[0.5, 0.5], [1, 0.5], [1, 1], [0.5, 1]]
                    tracks-only: true
                """);
        AlertRule running = rules.rules().get(0);
        assertThat(SegmentAlerts.evaluate(running, update("lobby-1", -1, "run", 0, 1_900_000, 0.9f), false, null))
                .as("too short")
                .isNull();
        AlertUpdate a =
                SegmentAlerts.evaluate(running, update("lobby-1", -1, "sprint", 0, 2_000_000, 0.9f), false, null);
        assertThat(a).isNotNull();
        assertThat(a.alertId).isEqualTo("alert:lobby-running:seg:sprint:0");
        assertThat(a.triggerMicros).isEqualTo(2_000_000);
        assertThat(a.clip()).isEqualTo("lobby-1/alert_lobby-running_seg_sprint_0.mp4");
        assertThat(SegmentAlerts.evaluate(running, update("lobby-1", -1, "run", 0, 3_000_000, 0.5f), false, null))
                .as("mean score too low")
                .isNull();
        assertThat(SegmentAlerts.evaluate(running, update("garage", -1, "run", 0, 3_000_000, 0.9f), false, null))
                .as("camera glob")
                .isNull();
        assertThat(SegmentAlerts.evaluate(running, update("lobby-1", -1, "walk", 0, 3_000_000, 0.9f), false, null))
                .as("label")
                .isNull();
        assertThat(SegmentAlerts.evaluate(running, update("lobby-1", -1, "run", 0, 3_000_000, 0.9f), true, null))
                .as("once per segment")
                .isNull();

        AlertRule fall = rules.rules().get(1);
        SegmentUpdate inZone = update("cam", 4, "fall", 0, 1, 0.5f);
        inZone.box = new float[] {0.6f, 0.3f, 0.8f, 0.9f}; // bottom centre (0.7, 0.9): inside
        assertThat(SegmentAlerts.evaluate(fall, inZone, false, null)).isNotNull();
        SegmentUpdate outside = update("cam", 4, "fall", 0, 1, 0.5f);
        outside.box = new float[] {0.1f, 0.3f, 0.3f, 0.9f};
        assertThat(SegmentAlerts.evaluate(fall, outside, false, null)).isNull();
        assertThat(SegmentAlerts.evaluate(fall, update("cam", -1, "fall", 0, 1, 0.5f), false, null))
                .as("tracks only")
                .isNull();
    }

    @Test
    void aRuleOnTheAnomalyScoreHasNoLabels() throws Exception {
        AlertRules rules = read("""
                rules:
                  - name: unusual
                    anomaly: {min-z: 4.5, min-windows: 2}
                    cameras: ["lobby-*"]
                    cooldown-s: 30
                  - name: running
                    labels: [run]
                """);
        AlertRule unusual = rules.rules().get(0);
        assertThat(unusual.watchesAnomalies()).isTrue();
        assertThat(unusual.anomaly()).isEqualTo(new AlertRule.AnomalyCondition(4.5, 2));
        assertThat(unusual.labels()).isEmpty();
        assertThat(rules.rules().get(1).watchesAnomalies()).isFalse();
        assertThat(rules.watchAnomalies()).isTrue();
        // the label check skips it; a job without an anomaly model refuses it
        rules.checkLabels(List.of("run"));
        rules.checkAnomalies(true);
        assertThatThrownBy(() -> rules.checkAnomalies(false))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageEndingWith(
                        ": rule 'unusual': anomaly: expected an anomaly model (--anomaly-model DIR), found none");
        assertThat(read("rules:\n  - name: u\n    anomaly: {}\n").rules().get(0).anomaly())
                .isEqualTo(new AlertRule.AnomalyCondition(4, 1));
    }

    @Test
    void aRuleOnTheAnomalyScoreIsCheckedFieldByField() throws Exception {
        Path file = dir.resolve("rules.yaml");
        java.util.function.Function<String, String> error = rule -> {
            try {
                Files.writeString(file, "rules:\n  - name: u\n" + rule);
                AlertRules.read(file);
            } catch (IllegalArgumentException e) {
                return e.getMessage().replace(file.toString(), "FILE");
            } catch (Exception e) {
                throw new AssertionError(e);
            }
            throw new AssertionError("accepted: " + rule);
        };
        assertThat(error.apply("    anomaly: {min-z: 4}\n    labels: [run]\n"))
                .isEqualTo("--rules FILE: rule 'u': labels: a rule on the anomaly score has no labels, segments or "
                        + "boxes; expected anomaly or labels, found both");
        assertThat(error.apply("    anomaly: {min-z: 0}\n"))
                .isEqualTo("--rules FILE: rule 'u': anomaly: expected {min-z: Z, min-windows: N} with Z > 0 and "
                        + "N ≥ 1, found min-z 0.0, min-windows 1.0");
        assertThat(error.apply("    anomaly: {min-z: 4, min-windows: 1.5}\n"))
                .endsWith("found min-z 4.0, min-windows 1.5");
        assertThat(error.apply("    anomaly: {z: 4}\n"))
                .isEqualTo("--rules FILE: rule 'u': anomaly: unknown field 'z'; expected {min-z: Z, min-windows: N} "
                        + "with Z > 0 and N ≥ 1");
        assertThat(error.apply("    anomaly: high\n")).startsWith("--rules FILE: rule 'u': anomaly: expected {min-z");
    }
}
