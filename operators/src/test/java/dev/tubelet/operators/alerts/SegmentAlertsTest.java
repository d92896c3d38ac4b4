package dev.tubelet.operators.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tubelet.operators.segments.SegmentUpdate;
import dev.tubelet.testkit.KeyedHarnesses;
import java.util.List;
import java.util.Set;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.junit.jupiter.api.Test;

/** The rules on Flink's keyed harness: once per segment, cooldown per camera and track, restore. */
class SegmentAlertsTest {
    private static final AlertRules RULES = new AlertRules(
            "test",
            List.of(new AlertRule("running", Set.of("run"), 0.5, 2, List.of("*"), new float[0], false, 60, "warning")));

    private static SegmentUpdate update(String segment, long startS, long endS, boolean closed) {
        SegmentUpdate u = new SegmentUpdate();
        u.segmentId = segment;
        u.cameraId = "cam";
        u.labelName = "run";
        u.startMicros = startS * 1_000_000;
        u.endMicros = endS * 1_000_000;
        u.meanScore = 0.9f;
        u.closed = closed;
        u.progress = !closed;
        return u;
    }

    @Test
    void onceWhenTheDurationIsReachedNotAgainWithinTheCooldown() throws Exception {
        var h = KeyedHarnesses.<String, SegmentUpdate, AlertUpdate>restore(
                new SegmentAlerts(RULES), u -> u.cameraId, Types.STRING, null);
        for (SegmentUpdate u : List.of(
                update("a", 0, 1, false),
                update("a", 0, 2, false), // 2 s: fires
                update("a", 0, 3, false),
                update("a", 0, 4, true),
                update("b", 10, 14, false), // within 60 s of the alert: quiet
                update("b", 10, 15, true))) {
            h.processElement(new StreamRecord<>(u));
        }
        assertThat(h.extractOutputValues()).extracting(a -> a.alertId).containsExactly("alert:running:a");
        assertThat(h.extractOutputValues().get(0).triggerMicros).isEqualTo(2_000_000);
        OperatorSubtaskState snapshot = h.snapshot(1, 1);
        h.close();

        var restored = KeyedHarnesses.<String, SegmentUpdate, AlertUpdate>restore(
                new SegmentAlerts(RULES), u -> u.cameraId, Types.STRING, snapshot);
        restored.processElement(new StreamRecord<>(update("c", 40, 45, false))); // still within the cooldown
        restored.processElement(new StreamRecord<>(update("c", 40, 63, false))); // 61 s after: fires
        restored.processElement(new StreamRecord<>(update("c", 40, 64, false)));
        assertThat(restored.extractOutputValues()).extracting(a -> a.alertId).containsExactly("alert:running:c");
        restored.close();
    }
}
