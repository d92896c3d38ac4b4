package dev.tubelet.operators.window;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tubelet.model.config.PreprocessorConfig;
import dev.tubelet.operators.deadletter.DeadLetterRecord;
import dev.tubelet.operators.deadletter.DeadLetters;
import dev.tubelet.operators.frames.FrameEnvelope;
import dev.tubelet.operators.frames.FrameLimits;
import dev.tubelet.schema.FrameEncoding;
import dev.tubelet.testkit.KeyedHarnesses;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/** The window rules, on Flink's keyed operator harness (state, timers, snapshot and restore). */
class StridedWindowAssemblerTest {
    private static final int SIZE = 8;

    private static KeyedOneInputStreamOperatorTestHarness<String, FrameEnvelope, ClipWindow> harness(WindowSpec spec)
            throws Exception {
        return harness(spec, null);
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, FrameEnvelope, ClipWindow> harness(
            WindowSpec spec, OperatorSubtaskState restore) throws Exception {
        return harness(spec, FrameLimits.defaults(), restore);
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, FrameEnvelope, ClipWindow> harness(
            WindowSpec spec, FrameLimits limits, OperatorSubtaskState restore) throws Exception {
        return KeyedHarnesses.restore(
                new StridedWindowAssembler(spec, PreprocessorConfig.videoMaeDefaults(SIZE), limits, false),
                f -> f.cameraId,
                Types.STRING,
                restore);
    }

    private static List<DeadLetterRecord> deadLetters(
            KeyedOneInputStreamOperatorTestHarness<String, FrameEnvelope, ClipWindow> h) {
        var out = h.getSideOutput(DeadLetters.TAG);
        return out == null
                ? List.of()
                : out.stream().map(StreamRecord::getValue).toList();
    }

    static FrameEnvelope frame(String camera, long seq) {
        FrameEnvelope f = new FrameEnvelope();
        f.cameraId = camera;
        f.seq = seq;
        f.captureMicros = 1_700_000_000_000_000L + seq * 33_333;
        f.fps = 30;
        f.width = SIZE;
        f.height = SIZE;
        f.encoding = FrameEncoding.RAW_RGB24.ordinal();
        f.data = new byte[SIZE * SIZE * 3];
        Arrays.fill(f.data, (byte) seq);
        f.topic = "tubelet.frames";
        f.offset = seq;
        return f;
    }

    private static void send(
            KeyedOneInputStreamOperatorTestHarness<String, FrameEnvelope, ClipWindow> h, String camera, long... seqs)
            throws Exception {
        for (long seq : seqs) {
            h.processElement(new StreamRecord<>(frame(camera, seq)));
        }
    }

    private static long[] range(long from, long to) {
        long[] out = new long[(int) (to - from)];
        for (int i = 0; i < out.length; i++) {
            out[i] = from + i;
        }
        return out;
    }

    private static List<ClipWindow> windows(
            KeyedOneInputStreamOperatorTestHarness<String, FrameEnvelope, ClipWindow> h) {
        return h.extractOutputValues();
    }

    private static List<List<Long>> seqs(List<ClipWindow> windows) {
        return windows.stream()
                .map(w -> Arrays.stream(w.seqs).boxed().collect(Collectors.toList()))
                .collect(Collectors.toList());
    }

    private static List<Long> strided(long first, int count, int stride) {
        List<Long> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            out.add(first + (long) i * stride);
        }
        return out;
    }

    @Test
    void windowsAreStridedAndHopAsSpecified() throws Exception {
        var h = harness(WindowSpec.builder().build());
        send(h, "cam-0", range(0, 100));
        // 100 frames, stride 4: 25 sampled; windows after 16 and after 24 sampled frames
        assertThat(seqs(windows(h))).containsExactly(strided(0, 16, 4), strided(32, 16, 4));
        ClipWindow first = windows(h).get(0);
        assertThat(first.stride).isEqualTo(4);
        assertThat(first.pixels).hasSize(16 * first.frameBytes());
        assertThat(first.pixels[5 * first.frameBytes()]).isEqualTo((byte) 20); // planes of the frame with seq 20
        assertThat(first.captureMicros[1] - first.captureMicros[0]).isEqualTo(4 * 33_333);
        h.close();
    }

    @Test
    void camerasAreIndependentAndTheFirstFrameAnchorsSampling() throws Exception {
        var h = harness(WindowSpec.builder().frames(4).stride(2).hop(2).build());
        send(h, "a", range(10, 18));
        send(h, "b", range(3, 12));
        List<ClipWindow> out = windows(h);
        assertThat(out.stream()
                        .filter(w -> w.cameraId.equals("a"))
                        .map(w -> Arrays.stream(w.seqs).boxed().toList()))
                .containsExactly(List.of(10L, 12L, 14L, 16L));
        assertThat(out.stream()
                        .filter(w -> w.cameraId.equals("b"))
                        .map(w -> Arrays.stream(w.seqs).boxed().toList()))
                .containsExactly(List.of(3L, 5L, 7L, 9L));
        h.close();
    }

    @Test
    void duplicatesAreDroppedAndSmallReorderingIsRepaired() throws Exception {
        var h = harness(WindowSpec.builder().frames(4).stride(2).hop(2).build());
        send(h, "c", 0, 1, 1, 3, 2, 2, 4, 6, 5, 7, 0);
        assertThat(seqs(windows(h))).containsExactly(List.of(0L, 2L, 4L, 6L));
        h.close();
    }

    @Test
    void aFrameMissingForGoodIsGivenUpAfterTheReorderTimeout() throws Exception {
        var h = harness(WindowSpec.builder()
                .frames(4)
                .stride(2)
                .hop(2)
                .reorderTimeout(Duration.ofSeconds(2))
                .build());
        h.setProcessingTime(1_000);
        send(h, "c", 0, 1, 2, 3, 4, 6, 7, 8); // 5 never comes; 6.. wait behind it
        assertThat(windows(h)).isEmpty();
        h.setProcessingTime(3_500);
        // the hole is accepted: 6 is on the grid, so sampling goes on 0, 2, 4, 6
        assertThat(seqs(windows(h))).containsExactly(List.of(0L, 2L, 4L, 6L));
        h.close();
    }

    @Test
    void aLargeGapRestartsTheWindowInsteadOfMixingFootage() throws Exception {
        var h = harness(
                WindowSpec.builder().frames(4).stride(2).hop(2).maxGap(10).build());
        send(h, "c", range(0, 5)); // sampled 0, 2, 4
        send(h, "c", range(100, 107)); // gap of 95: restart at 100
        assertThat(seqs(windows(h))).containsExactly(List.of(100L, 102L, 104L, 106L));
        h.close();
    }

    @Test
    void aCameraWhoseSeqGoesBackStartsOverInsteadOfGoingDark() throws Exception {
        var h = harness(
                WindowSpec.builder().frames(4).stride(2).hop(2).maxGap(10).build());
        send(h, "c", range(1_000, 1_008)); // one window: 1000, 1002, 1004, 1006
        // the camera's ingest restarted: seq 0 again, a minute later
        for (long seq = 0; seq < 8; seq++) {
            FrameEnvelope f = frame("c", seq);
            f.captureMicros += 60_000_000L;
            h.processElement(new StreamRecord<>(f));
        }
        List<ClipWindow> windows = windows(h);
        assertThat(seqs(windows)).containsExactly(List.of(1000L, 1002L, 1004L, 1006L), List.of(0L, 2L, 4L, 6L));
        assertThat(deadLetters(h)).isEmpty();
        h.close();
    }

    @Test
    void aFrameThatComesAfterItsHoleWasGivenUpIsLateAndSaysSoWhileADuplicateIsOnlyCounted() throws Exception {
        var h = harness(WindowSpec.builder()
                .frames(4)
                .stride(2)
                .hop(2)
                .reorderTimeout(Duration.ofSeconds(2))
                .build());
        h.setProcessingTime(1_000);
        send(h, "c", 0, 1, 2, 3, 4, 6, 7, 8);
        h.setProcessingTime(3_500); // 5 given up
        send(h, "c", 5, 4);
        List<DeadLetterRecord> dead = deadLetters(h);
        assertThat(dead).extracting(d -> d.reason).containsExactly("LATE");
        assertThat(dead.get(0).message).contains("seq 5 came after the window stopped waiting for it");
        assertThat(dead.get(0).offset).isEqualTo(5L);
        h.close();
    }

    @Test
    void camerasBeyondTheSubtasksLimitAreDeadLettersUntilOneIsReleased() throws Exception {
        FrameLimits two = new FrameLimits(4 << 20, 4096L * 4096L, 64, 100, Duration.ofSeconds(300), 2);
        var h = harness(
                WindowSpec.builder()
                        .frames(2)
                        .stride(1)
                        .hop(1)
                        .idleTimeout(Duration.ofSeconds(60))
                        .build(),
                two,
                null);
        h.setProcessingTime(1_000);
        send(h, "a", 0, 1);
        send(h, "b", 0, 1);
        send(h, "c", 0, 1);
        assertThat(seqs(windows(h))).hasSize(2);
        assertThat(deadLetters(h)).extracting(d -> d.reason).containsExactly("CAMERA_LIMIT", "CAMERA_LIMIT");
        assertThat(deadLetters(h).get(0).message).contains("max-cameras-per-subtask 2");
        h.setProcessingTime(62_000); // a and b idle: released
        send(h, "c", 2, 3);
        assertThat(seqs(windows(h))).hasSize(3);
        assertThat(FrameLimits.defaults().camerasPerSubtask(4L << 30)).isEqualTo(1024);
        assertThat(FrameLimits.defaults().camerasPerSubtask(16L << 20)).isEqualTo(16);
        h.close();
    }

    @Test
    void aTargetSampleRatePicksTheStrideFromEachCamerasFps() throws Exception {
        var h = harness(
                WindowSpec.builder().frames(3).hop(3).targetSampleRate(7.5).build());
        for (long seq = 0; seq < 40; seq++) {
            FrameEnvelope fast = frame("fast", seq);
            fast.fps = 60;
            FrameEnvelope slow = frame("slow", seq);
            slow.fps = 15;
            h.processElement(new StreamRecord<>(fast));
            h.processElement(new StreamRecord<>(slow));
        }
        List<ClipWindow> out = windows(h);
        assertThat(out.stream()
                        .filter(w -> w.cameraId.equals("fast"))
                        .findFirst()
                        .orElseThrow()
                        .seqs)
                .containsExactly(0, 8, 16);
        assertThat(out.stream()
                        .filter(w -> w.cameraId.equals("slow"))
                        .findFirst()
                        .orElseThrow()
                        .seqs)
                .containsExactly(0, 2, 4);
        h.close();
    }

    @Test
    void uniformModeSpreadsFramesOverTheSpan() throws Exception {
        // 4 frames over 0.4 s at 30 fps: one per 100 ms slot
        var h = harness(WindowSpec.builder()
                .frames(4)
                .hop(4)
                .uniformSpan(Duration.ofMillis(400))
                .build());
        send(h, "u", range(0, 13));
        ClipWindow w = windows(h).get(0);
        assertThat(w.stride).isZero();
        assertThat(w.seqs).containsExactly(0, 3, 6, 9);
        h.close();
    }

    @Test
    void anIdleCamerasStateIsReleased() throws Exception {
        var h = harness(WindowSpec.builder()
                .frames(4)
                .stride(2)
                .idleTimeout(Duration.ofSeconds(10))
                .build());
        h.setProcessingTime(0);
        send(h, "idle", range(0, 5));
        assertThat(h.numKeyedStateEntries()).isEqualTo(1);
        h.setProcessingTime(12_000);
        assertThat(h.numKeyedStateEntries()).isZero();
        // it comes back: a fresh start
        send(h, "idle", range(50, 57));
        assertThat(seqs(windows(h))).containsExactly(List.of(50L, 52L, 54L, 56L));
        h.close();
    }

    @Test
    void undecodableFramesGoToTheDeadLettersAndTheRestGoesOn() throws Exception {
        var h = harness(WindowSpec.builder().frames(2).stride(1).hop(1).build());
        FrameEnvelope corrupt = frame("d", 1);
        corrupt.encoding = FrameEncoding.JPEG.ordinal();
        corrupt.data = new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0, 0, 4, 1, 2, 3, 4, 5};
        FrameEnvelope bomb = frame("d", 3);
        bomb.encoding = FrameEncoding.PNG.ordinal();
        bomb.data = pngHeader(60000, 60000);
        h.processElement(new StreamRecord<>(frame("d", 0)));
        h.processElement(new StreamRecord<>(corrupt));
        h.processElement(new StreamRecord<>(frame("d", 2)));
        h.processElement(new StreamRecord<>(bomb));
        h.processElement(new StreamRecord<>(frame("d", 4)));
        assertThat(seqs(windows(h))).containsExactly(List.of(0L, 2L), List.of(2L, 4L));
        List<DeadLetterRecord> dead = h.getSideOutput(DeadLetters.TAG).stream()
                .map(StreamRecord::getValue)
                .toList();
        assertThat(dead).extracting(d -> d.reason).containsExactly("CORRUPT_IMAGE", "IMAGE_TOO_LARGE");
        assertThat(dead.get(1).message).contains("60000x60000");
        assertThat(dead).extracting(d -> d.offset).containsExactly(1L, 3L);
        h.close();
    }

    @Test
    void theWindowSurvivesSnapshotAndRestore() throws Exception {
        WindowSpec spec = WindowSpec.builder().frames(4).stride(2).hop(2).build();
        var before = harness(spec);
        send(before, "s", 0, 1, 2, 3, 5); // 4 missing: 5 waits in the reorder buffer
        OperatorSubtaskState snapshot = before.snapshot(1, 1);
        before.close();

        var after = harness(spec, snapshot);
        send(after, "s", 4, 6, 7);
        assertThat(seqs(windows(after))).containsExactly(List.of(0L, 2L, 4L, 6L));
        ClipWindow restored = windows(after).get(0);
        assertThat(restored.pixels[restored.frameBytes()]).isEqualTo((byte) 2);
        after.close();
    }

    private static FrameEnvelope jpegFrame(String camera, long seq) throws Exception {
        java.awt.image.BufferedImage image =
                new java.awt.image.BufferedImage(320, 240, java.awt.image.BufferedImage.TYPE_3BYTE_BGR);
        java.awt.Graphics2D g = image.createGraphics();
        g.setPaint(new java.awt.GradientPaint(0, 0, java.awt.Color.DARK_GRAY, 320, 240, java.awt.Color.ORANGE));
        g.fillRect(0, 0, 320, 240);
        g.setColor(java.awt.Color.CYAN);
        g.fillOval((int) (seq * 7 % 280), 60, 40, 90);
        g.dispose();
        java.io.ByteArrayOutputStream jpeg = new java.io.ByteArrayOutputStream();
        javax.imageio.ImageIO.write(image, "jpg", jpeg);
        FrameEnvelope f = frame(camera, seq);
        f.width = 320;
        f.height = 240;
        f.encoding = FrameEncoding.JPEG.ordinal();
        f.data = jpeg.toByteArray();
        return f;
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, FrameEnvelope, ClipWindow> modelSizeHarness(
            WindowSpec spec, long planeCacheBytes, OperatorSubtaskState restore) throws Exception {
        return KeyedHarnesses.restore(
                new StridedWindowAssembler(
                        spec,
                        PreprocessorConfig.videoMaeDefaults(224),
                        FrameLimits.defaults(),
                        false,
                        null,
                        planeCacheBytes),
                f -> f.cameraId,
                Types.STRING,
                restore);
    }

    private static long keyedStateBytes(OperatorSubtaskState snapshot) {
        return snapshot.getManagedKeyedState().stream()
                .mapToLong(org.apache.flink.runtime.state.StateObject::getStateSize)
                .sum();
    }

    @Test
    void theStateKeepsFramesAsTheyArrivedAndPlanesComeBackTheSameWithoutTheCache() throws Exception {
        WindowSpec spec = WindowSpec.builder().frames(4).stride(2).hop(2).build();
        List<FrameEnvelope> frames = new ArrayList<>();
        for (long seq = 0; seq < 16; seq++) {
            frames.add(jpegFrame("yard", seq));
        }
        // uninterrupted, with the cache
        var whole = modelSizeHarness(spec, StridedWindowAssembler.DEFAULT_PLANE_CACHE_BYTES, null);
        for (FrameEnvelope f : frames) {
            whole.processElement(new StreamRecord<>(f));
        }
        List<ClipWindow> expected = windows(whole);
        whole.close();

        // snapshot after 9 frames (a window's 4 sampled frames kept), restored into a subtask without a cache
        var before = modelSizeHarness(spec, StridedWindowAssembler.DEFAULT_PLANE_CACHE_BYTES, null);
        for (FrameEnvelope f : frames.subList(0, 9)) {
            before.processElement(new StreamRecord<>(f));
        }
        List<ClipWindow> early = new ArrayList<>(windows(before));
        OperatorSubtaskState snapshot = before.snapshot(1, 1);
        before.close();
        long jpegBytes =
                frames.subList(0, 9).stream().mapToLong(f -> f.data.length).sum();
        assertThat(keyedStateBytes(snapshot))
                .as("window state of 4 sampled 320x240 JPEG frames (planes would be 4 x 150528 bytes)")
                .isLessThan(jpegBytes + 4096)
                .isLessThan(4 * 150_528 / 4);
        var after = modelSizeHarness(spec, 0, snapshot);
        for (FrameEnvelope f : frames.subList(9, 16)) {
            after.processElement(new StreamRecord<>(f));
        }
        early.addAll(windows(after));
        after.close();

        assertThat(seqs(early)).isEqualTo(seqs(expected));
        for (int i = 0; i < expected.size(); i++) {
            assertThat(early.get(i).pixels)
                    .as("window %d: planes decoded again from the state's bytes", i)
                    .isEqualTo(expected.get(i).pixels);
        }
    }

    private static byte[] pngHeader(int width, int height) {
        byte[] png = new byte[33];
        byte[] signature = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R'};
        System.arraycopy(signature, 0, png, 0, signature.length);
        java.nio.ByteBuffer.wrap(png, 16, 8).putInt(width).putInt(height);
        return png;
    }
}
