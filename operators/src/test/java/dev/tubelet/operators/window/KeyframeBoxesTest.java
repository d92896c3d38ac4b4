package dev.tubelet.operators.window;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tubelet.model.config.PreprocessorConfig;
import dev.tubelet.model.preprocess.RgbImage;
import dev.tubelet.model.runtime.ExecutionOptions;
import dev.tubelet.model.testutils.MovingObjects;
import dev.tubelet.operators.boxes.BoxOrigin;
import dev.tubelet.operators.boxes.BoxSourceSpec;
import dev.tubelet.operators.boxes.BoxSources;
import dev.tubelet.operators.boxes.MotionProposer;
import dev.tubelet.operators.frames.FrameEnvelope;
import dev.tubelet.operators.frames.FrameLimits;
import dev.tubelet.schema.FrameEncoding;
import dev.tubelet.testkit.KeyedHarnesses;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/** Boxes on the windows' keyframes, from the motion proposer or from the frames themselves. */
class KeyframeBoxesTest {
    private static final MovingObjects SCENE = MovingObjects.three();

    private static KeyedOneInputStreamOperatorTestHarness<String, FrameEnvelope, ClipWindow> harness(
            WindowSpec spec, BoxSources sources) throws Exception {
        return KeyedHarnesses.open(
                new StridedWindowAssembler(
                        spec,
                        PreprocessorConfig.videoMaeDefaults(32),
                        FrameLimits.defaults(),
                        false,
                        sources,
                        StridedWindowAssembler.DEFAULT_PLANE_CACHE_BYTES),
                f -> f.cameraId,
                Types.STRING);
    }

    private static BoxSources sources(String defaults, Map<String, BoxSourceSpec> perCamera) {
        return new BoxSources(
                BoxSourceSpec.parse(defaults),
                perCamera,
                MotionProposer.Settings.defaults(),
                BoxSources.DetectorSettings.defaults(),
                ExecutionOptions.cpu());
    }

    private static FrameEnvelope frame(String camera, int t, float[] upstream) {
        RgbImage image = SCENE.frame(t);
        FrameEnvelope f = new FrameEnvelope();
        f.cameraId = camera;
        f.seq = t;
        f.captureMicros = 1_700_000_000_000_000L + t * 66_666L;
        f.fps = 15;
        f.width = image.width();
        f.height = image.height();
        f.encoding = FrameEncoding.RAW_RGB24.ordinal();
        f.data = image.pixels();
        f.boxes = upstream;
        return f;
    }

    @Test
    void motionBoxesSitOnEveryWindowsKeyframeAndMatchTheMovingObjects() throws Exception {
        WindowSpec spec = WindowSpec.builder().frames(16).stride(4).hop(4).build();
        var h = harness(spec, sources("motion", Map.of()));
        for (int t = 0; t < 400; t++) {
            h.processElement(new StreamRecord<>(frame("cam", t, new float[0])));
        }
        List<ClipWindow> windows = h.extractOutputValues();
        assertThat(windows).hasSizeGreaterThan(20);
        int checked = 0;
        for (ClipWindow w : windows) {
            assertThat(w.keyBoxes)
                    .as("boxes of the window ending at seq %d", w.seqs[15])
                    .isNotNull();
            assertThat(w.keyBoxOrigin).isEqualTo(BoxOrigin.MOTION.ordinal());
            assertThat(w.keyWidth).isEqualTo(320);
            int key = (int) w.seqs[w.keyframeIndex()];
            if (key < 80 || SCENE.touching(key, 0.03f)) {
                continue; // the background is still learning, or two objects make one blob
            }
            for (int i = 0; i < SCENE.count(); i++) {
                float[] truth = SCENE.box(i, key);
                double best = 0;
                for (int b = 0; b < w.keyBoxes.length / 5; b++) {
                    best = Math.max(
                            best, MovingObjects.iou(java.util.Arrays.copyOfRange(w.keyBoxes, b * 5, b * 5 + 4), truth));
                }
                assertThat(best).as("IoU of object %d on keyframe %d", i, key).isGreaterThanOrEqualTo(0.5);
            }
            checked++;
        }
        assertThat(checked).isGreaterThanOrEqualTo(10);
        h.close();
    }

    @Test
    void boxesInTheFramesAreUsedAsGivenWhateverTheCamerasSource() throws Exception {
        WindowSpec spec = WindowSpec.builder().frames(4).stride(1).hop(2).build();
        // this camera would run a detector, but its frames carry boxes: the detector is never opened for it
        var h = harness(spec, sources("motion", Map.of()));
        float[] given = {0.1f, 0.2f, 0.3f, 0.6f, 0.9f, 0.5f, 0.5f, 0.7f, 0.9f, 0.8f};
        for (int t = 0; t < 12; t++) {
            h.processElement(new StreamRecord<>(frame("edge", t, given)));
        }
        List<ClipWindow> windows = h.extractOutputValues();
        assertThat(windows).hasSize(5);
        for (ClipWindow w : windows) {
            assertThat(w.keyBoxes).containsExactly(given);
            assertThat(w.keyBoxOrigin).isEqualTo(BoxOrigin.UPSTREAM.ordinal());
        }
        h.close();
    }

    @Test
    void anUpstreamCameraWithoutBoxesHasEmptyKeyframes() throws Exception {
        WindowSpec spec = WindowSpec.builder().frames(4).stride(1).hop(1).build();
        var h = harness(spec, sources("motion", Map.of("quiet", BoxSourceSpec.parse("upstream"))));
        for (int t = 0; t < 6; t++) {
            h.processElement(new StreamRecord<>(frame("quiet", t, new float[0])));
        }
        assertThat(h.extractOutputValues())
                .hasSize(3)
                .allSatisfy(w -> assertThat(w.keyBoxes).isEmpty());
        h.close();
    }
}
