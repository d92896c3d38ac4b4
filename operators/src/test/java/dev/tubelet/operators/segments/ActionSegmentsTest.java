package dev.tubelet.operators.segments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tubelet.operators.inference.DetectedWindow;
import dev.tubelet.operators.inference.ScoredWindow;
import dev.tubelet.testkit.KeyedHarnesses;
import java.time.Duration;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/** Segment hysteresis on Flink's keyed harness: open, flicker, close, idle, restore. */
class ActionSegmentsTest {
    private static final SegmentSpec SPEC = SegmentSpec.defaults().withIdleTimeout(Duration.ofSeconds(60));
    private int windowNo;

    /** A window of camera c whose label 7 ("running") scores s, label 1 ("standing") 1 - s. */
    private ScoredWindow window(String camera, float s) {
        int n = windowNo++;
        ScoredWindow w = new ScoredWindow();
        w.cameraId = camera;
        w.seqs = new long[] {n * 32L, n * 32L + 60};
        w.captureMicros = new long[] {1_000_000L * n * 2, 1_000_000L * n * 2 + 4_000_000L};
        w.stride = 4;
        w.topIndices = new int[] {7, 1};
        w.topLabels = new String[] {"running", "standing"};
        w.topScores = new float[] {s, 1 - s};
        w.modelName = "m";
        w.modelSha256 = "abcdef0123456789";
        w.provider = "CPU";
        return w;
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, ScoredWindow, SegmentUpdate> harness(
            SegmentSpec spec, OperatorSubtaskState restore) throws Exception {
        return KeyedHarnesses.restore(ActionSegments.ofWindows(spec), w -> w.cameraId, Types.STRING, restore);
    }

    private void send(KeyedOneInputStreamOperatorTestHarness<String, ScoredWindow, ?> h, float... scores)
            throws Exception {
        for (float s : scores) {
            h.processElement(new StreamRecord<>(window("cam", s)));
        }
    }

    private static List<SegmentUpdate> running(KeyedOneInputStreamOperatorTestHarness<String, ?, SegmentUpdate> h) {
        // what is published: openings and closings (progress updates are the rules' alone)
        return h.extractOutputValues().stream()
                .filter(u -> u.labelIndex == 7 && !u.progress)
                .toList();
    }

    @Test
    void aSegmentOpensAfterMinWindowsGoesOnAboveCloseAndClosesBelowIt() throws Exception {
        var h = harness(SPEC, null);
        send(h, 0.2f, 0.6f);
        assertThat(running(h)).as("one high window does not open").isEmpty();
        send(h, 0.7f); // second consecutive: opens
        assertThat(running(h)).hasSize(1);
        SegmentUpdate open = running(h).get(0);
        assertThat(open.closed).isFalse();
        assertThat(open.startMicros).as("start of the first supporting window").isEqualTo(2_000_000L);
        assertThat(open.windows).isEqualTo(2);
        send(h, 0.4f, 0.9f); // between close and open: goes on
        assertThat(running(h)).hasSize(1);
        send(h, 0.1f); // below close for max-gap-windows (1): closes
        List<SegmentUpdate> updates = running(h);
        assertThat(updates).hasSize(2);
        SegmentUpdate closed = updates.get(1);
        assertThat(closed.closed).isTrue();
        assertThat(closed.closeReason).isEqualTo("score");
        assertThat(closed.segmentId).isEqualTo(open.segmentId).startsWith("seg:7:cam:32-92:s4:t2000000:");
        assertThat(closed.windows).isEqualTo(4);
        assertThat(closed.peakScore).isEqualTo(0.9f);
        assertThat(closed.meanScore)
                .isCloseTo((0.6f + 0.7f + 0.4f + 0.9f) / 4, org.assertj.core.data.Offset.offset(1e-6f));
        assertThat(closed.endMicros).as("end of the last supporting window").isEqualTo(8_000_000L + 4_000_000L);
        assertThat(closed.lastEventId).startsWith("cam:128-188");
        assertThat(h.extractOutputValues())
                .filteredOn(u -> u.labelIndex == 7 && u.progress)
                .as("the windows that extended the open segment, for the rules")
                .extracting(u -> u.windows)
                .containsExactly(3, 4);
        // "standing" (1 - s) never had two windows >= 0.5 in a row... except 0.8, 0.4: check it did not open
        assertThat(h.extractOutputValues()).filteredOn(u -> u.labelIndex == 1).isEmpty();
        h.close();
    }

    @Test
    void aLongerGapKeepsOneLowWindowFromSplittingASegment() throws Exception {
        var h = harness(new SegmentSpec(0.5, 0.3, 2, 2, Duration.ofSeconds(60)), null);
        send(h, 0.8f, 0.8f, 0.1f, 0.8f, 0.1f, 0.1f);
        assertThat(running(h)).extracting(u -> u.closed).containsExactly(false, true);
        assertThat(running(h).get(1).windows).isEqualTo(3);
        h.close();
    }

    @Test
    void anIdleCameraClosesItsSegments() throws Exception {
        var h = harness(SPEC, null);
        h.setProcessingTime(1_000);
        send(h, 0.8f, 0.8f, 0.8f);
        h.setProcessingTime(30_000);
        assertThat(running(h)).hasSize(1);
        h.setProcessingTime(70_000);
        assertThat(running(h)).hasSize(2);
        assertThat(running(h).get(1).closeReason).isEqualTo("idle");
        assertThat(running(h).get(1).windows).isEqualTo(3);
        h.close();
    }

    @Test
    void aRestoreMidSegmentGoesOnWithTheSameSegmentAndNoSecondOpen() throws Exception {
        var h = harness(SPEC, null);
        send(h, 0.8f, 0.8f);
        String id = running(h).get(0).segmentId;
        OperatorSubtaskState snapshot = h.snapshot(1, 1);
        h.close();
        var restored = harness(SPEC, snapshot);
        send(restored, 0.8f, 0.1f);
        assertThat(running(restored)).hasSize(1);
        SegmentUpdate closed = running(restored).get(0);
        assertThat(closed.closed).isTrue();
        assertThat(closed.segmentId).isEqualTo(id);
        assertThat(closed.windows).isEqualTo(3);
        restored.close();
    }

    @Test
    void tracksHaveSegmentsOfTheirOwn() throws Exception {
        var h = KeyedHarnesses.<String, DetectedWindow, SegmentUpdate>restore(
                ActionSegments.ofTracks(SPEC), w -> w.cameraId, Types.STRING, null);
        for (int i = 0; i < 4; i++) {
            DetectedWindow w = new DetectedWindow();
            w.cameraId = "cam";
            w.firstSeq = i * 32L;
            w.lastSeq = i * 32L + 60;
            w.stride = 4;
            w.firstCaptureMicros = i * 2_000_000L;
            w.lastCaptureMicros = i * 2_000_000L + 4_000_000L;
            // track 3 falls in windows 0-2, track 5 only in window 3
            w.trackIds = i < 3 ? new long[] {3} : new long[] {5};
            w.boxes = new float[] {0.1f, 0.2f, 0.3f, 0.9f};
            w.actionIndices = new int[][] {{2}};
            w.actionLabels = new String[][] {{"fall"}};
            w.actionScores = new float[][] {{0.9f}};
            w.modelName = "d";
            w.modelSha256 = "0123456789abcdef";
            w.provider = "CPU";
            h.processElement(new StreamRecord<>(w));
        }
        List<SegmentUpdate> updates =
                h.extractOutputValues().stream().filter(u -> !u.progress).toList();
        assertThat(updates)
                .extracting(u -> u.trackId + (u.closed ? " closed" : " open"))
                .containsExactly("3 open", "3 closed");
        assertThat(updates.get(0).segmentId).startsWith("seg:track3:2:cam:0-60");
        assertThat(updates.get(1).box).as("where the track was last seen").containsExactly(0.1f, 0.2f, 0.3f, 0.9f);
        h.close();
    }

    @Test
    void thresholdsOutOfOrderStopWithOneLine() {
        assertThatThrownBy(() -> new SegmentSpec(0.3, 0.5, 2, 1, Duration.ofSeconds(1)))
                .hasMessageContaining("0 <= close <= open <= 1");
        assertThatThrownBy(() -> new SegmentSpec(0.5, 0.3, 0, 1, Duration.ofSeconds(1)))
                .hasMessageContaining("segment-min-windows");
    }
}
