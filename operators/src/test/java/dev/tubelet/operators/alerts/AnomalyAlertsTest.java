package dev.tubelet.operators.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tubelet.operators.inference.AnomalyWindow;
import dev.tubelet.testkit.KeyedHarnesses;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.junit.jupiter.api.Test;

/** Runs of unusual windows against rules on the anomaly score. */
class AnomalyAlertsTest {
    private static final AlertRules RULES = new AlertRules(
            "--rules r.yaml",
            List.of(
                    new AlertRule(
                            "unusual",
                            Set.of(),
                            0,
                            0,
                            List.of("lobby"),
                            new float[0],
                            false,
                            10,
                            "critical",
                            new AlertRule.AnomalyCondition(4, 2)),
                    new AlertRule("running", Set.of("run"), 0.5, 2, List.of("*"), new float[0], false, 60, "info")));

    /** Window i of a camera: 1 s apart, z as given; the first three warm up. */
    private static AnomalyWindow window(String camera, int i, double z) {
        AnomalyWindow w = new AnomalyWindow();
        w.cameraId = camera;
        w.seqs = new long[] {i * 30L, i * 30L + 29};
        w.captureMicros = new long[] {i * 1_000_000L, i * 1_000_000L + 900_000};
        w.z = z;
        w.warmingUp = i < 3;
        w.modelSha256 = "0123456789abcdef";
        return w;
    }

    private static final double[] Z = {9, 9, 9, 1, 5, 1, 5, 6, 7, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 5, 5, 1};

    private static List<AlertUpdate> run(String camera, int restoreAt) throws Exception {
        List<AlertUpdate> out = new ArrayList<>();
        var harness = KeyedHarnesses.open(new AnomalyAlerts(RULES), w -> w.cameraId, Types.STRING);
        for (int i = 0; i < Z.length; i++) {
            if (i == restoreAt) {
                OperatorSubtaskState snapshot = harness.snapshot(1, 1);
                out.addAll(harness.extractOutputValues());
                harness.close();
                harness = KeyedHarnesses.restore(new AnomalyAlerts(RULES), w -> w.cameraId, Types.STRING, snapshot);
            }
            harness.processElement(new StreamRecord<>(window(camera, i, Z[i])));
        }
        out.addAll(harness.extractOutputValues());
        harness.close();
        return out;
    }

    @Test
    void aRunFiresOnceAtItsMinWindowsAfterTheWarmUpAndTheCooldown() throws Exception {
        List<AlertUpdate> alerts = run("lobby", -1);
        // windows 0-2 warm up; 4 alone is no run of 2; 6-8 is a run: it fires at 7; 20-21 fires at 21 (14 s later)
        assertThat(alerts).extracting(a -> a.triggerMicros).containsExactly(7_900_000L, 21_900_000L);
        AlertUpdate first = alerts.get(0);
        assertThat(first.alertId).isEqualTo("alert:unusual:lobby:180-209:s0:t6000000:0123456789ab");
        assertThat(first.segmentId).isEqualTo("lobby:180-209:s0:t6000000:0123456789ab");
        assertThat(first.startMicros).isEqualTo(6_000_000L);
        assertThat(first.score).isEqualTo(6f);
        assertThat(first.labelName).isEqualTo("anomaly");
        assertThat(first.labelIndex).isEqualTo(-1);
        assertThat(first.severity).isEqualTo("critical");
        assertThat(first.clip()).isEqualTo("lobby/alert_unusual_lobby_180-209_s0_t6000000_0123456789ab.mp4");
        // a camera the rule does not name: nothing
        assertThat(run("yard", -1)).isEmpty();
    }

    @Test
    void aRestoreInTheMiddleOfARunNeitherRepeatsNorForgets() throws Exception {
        List<AlertUpdate> straight = run("lobby", -1);
        for (int at : new int[] {7, 8, 21}) {
            assertThat(run("lobby", at))
                    .as("restored before window " + at)
                    .extracting(a -> a.alertId)
                    .containsExactlyElementsOf(
                            straight.stream().map(a -> a.alertId).toList());
        }
    }
}
