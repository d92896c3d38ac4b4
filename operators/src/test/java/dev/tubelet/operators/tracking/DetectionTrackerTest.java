package dev.tubelet.operators.tracking;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tubelet.operators.inference.DetectedWindow;
import dev.tubelet.testkit.KeyedHarnesses;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/** Track ids through two walkers crossing, on Flink's keyed harness, with a checkpoint and restore in the middle of the crossing. */
class DetectionTrackerTest {

    private static KeyedOneInputStreamOperatorTestHarness<String, DetectedWindow, DetectedWindow> harness(
            OperatorSubtaskState restore) throws Exception {
        return KeyedHarnesses.restore(
                new DetectionTracker(IouTracker.defaults(), Duration.ofMinutes(1)),
                w -> w.cameraId,
                Types.STRING,
                restore);
    }

    private static DetectedWindow window(String camera, int k) {
        double left = 0.1 + 0.04 * k;
        double right = 0.9 - 0.04 * k;
        DetectedWindow w = new DetectedWindow();
        w.cameraId = camera;
        w.keyframeSeq = k * 32L;
        // order alternates, as a proposer's would
        float[] a = {(float) (left - 0.04), 0.40f, (float) (left + 0.04), 0.65f};
        float[] b = {(float) (right - 0.04), 0.42f, (float) (right + 0.04), 0.67f};
        float[] first = k % 2 == 0 ? a : b;
        float[] second = k % 2 == 0 ? b : a;
        w.boxes = new float[] {first[0], first[1], first[2], first[3], second[0], second[1], second[2], second[3]};
        w.boxScores = new float[] {1, 1};
        w.inView = new boolean[] {true, true};
        return w;
    }

    /** @return the ids of the right-walker and the left-walker, per window */
    private static List<long[]> ids(List<DetectedWindow> out) {
        List<long[]> ids = new ArrayList<>();
        for (DetectedWindow w : out) {
            boolean leftFirst = (w.keyframeSeq / 32) % 2 == 0;
            ids.add(leftFirst ? new long[] {w.trackIds[0], w.trackIds[1]} : new long[] {w.trackIds[1], w.trackIds[0]});
        }
        return ids;
    }

    @Test
    void idsStayWithTheirObjectsThroughACrossingAndACheckpointRestore() throws Exception {
        var before = harness(null);
        for (int k = 0; k < 9; k++) {
            before.processElement(new StreamRecord<>(window("cam", k)));
            before.processElement(new StreamRecord<>(window("other", k)));
        }
        List<long[]> first = ids(before.extractOutputValues().stream()
                .filter(w -> w.cameraId.equals("cam"))
                .toList());
        OperatorSubtaskState snapshot = before.snapshot(1, 1);
        before.close();

        var after = harness(snapshot); // the walkers meet at k = 10, after the restore
        for (int k = 9; k <= 20; k++) {
            after.processElement(new StreamRecord<>(window("cam", k)));
        }
        List<long[]> second = ids(after.extractOutputValues());
        after.close();

        long leftId = first.get(0)[0];
        long rightId = first.get(0)[1];
        assertThat(leftId).isNotEqualTo(rightId).isPositive();
        List<long[]> all = new ArrayList<>(first);
        all.addAll(second);
        assertThat(all).hasSize(21).allSatisfy(pair -> assertThat(pair).containsExactly(leftId, rightId));
    }
}
