package dev.tubelet.model.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.FloatBuffer;
import java.util.List;
import org.junit.jupiter.api.Test;

class YoloDecoderTest {

    /** [1, 4 + 2, 4]: candidates along the last axis, cx cy w h, then person and car scores. */
    @Test
    void channelsFirstIsDecodedToCornersFilteredToPersonsAndSuppressed() {
        float[][] candidates = {
            // cx, cy, w, h, person, car
            {100, 100, 40, 80, 0.90f, 0.10f},
            {104, 102, 40, 80, 0.80f, 0.05f}, // overlaps the first (IoU 0.83): suppressed
            {300, 200, 20, 20, 0.20f, 0.95f}, // a car: filtered out
            {400, 300, 50, 100, 0.40f, 0.00f},
        };
        int n = candidates.length;
        float[] out = new float[6 * n];
        for (int i = 0; i < n; i++) {
            for (int c = 0; c < 6; c++) {
                out[c * n + i] = candidates[i][c];
            }
        }
        long[] shape = {1, 6, n};
        assertThat(YoloLayout.detect(shape, "m")).isEqualTo(YoloLayout.CHANNELS_FIRST);
        List<DetectedBox> boxes =
                new YoloDecoder(YoloLayout.CHANNELS_FIRST, 0, 0.3f, 0.5f, 10).decode(FloatBuffer.wrap(out), shape);
        assertThat(boxes)
                .containsExactly(
                        new DetectedBox(80, 60, 120, 140, 0.90f, 0), new DetectedBox(375, 250, 425, 350, 0.40f, 0));
        // every class: the car is kept, and per-class NMS does not let the car suppress persons
        List<DetectedBox> all =
                new YoloDecoder(YoloLayout.CHANNELS_FIRST, -1, 0.3f, 0.5f, 10).decode(FloatBuffer.wrap(out), shape);
        assertThat(all).extracting(DetectedBox::classId).containsExactly(1, 0, 0);
    }

    @Test
    void endToEndRowsAreTakenAsCornersScoreAndClass() {
        float[] out = {
            10, 20, 50, 90, 0.88f, 0,
            12, 22, 52, 92, 0.70f, 0, // an end-to-end export would not give this; NMS drops it anyway
            200, 100, 260, 220, 0.60f, 2,
            0, 0, 0, 0, 0.0f, 0, // padding rows of a fixed-size output
        };
        long[] shape = {1, 4, 6};
        assertThat(YoloLayout.detect(shape, "m")).isEqualTo(YoloLayout.XYXY_SCORE_CLASS);
        List<DetectedBox> boxes =
                new YoloDecoder(YoloLayout.XYXY_SCORE_CLASS, 0, 0.25f, 0.5f, 10).decode(FloatBuffer.wrap(out), shape);
        assertThat(boxes).containsExactly(new DetectedBox(10, 20, 50, 90, 0.88f, 0));
    }

    @Test
    void objectnessRowsMultiplyObjectnessAndClassScore() {
        float[] out = {
            // cx, cy, w, h, obj, person, bike
            50, 50, 20, 40, 0.9f, 0.8f, 0.1f,
            150, 50, 20, 40, 0.3f, 0.9f, 0.1f, // 0.27 < threshold
        };
        long[] shape = {1, 2, 7};
        List<DetectedBox> boxes =
                new YoloDecoder(YoloLayout.OBJECTNESS_ROWS, 0, 0.3f, 0.5f, 10).decode(FloatBuffer.wrap(out), shape);
        assertThat(boxes).hasSize(1);
        assertThat(boxes.get(0).score()).isCloseTo(0.72f, within(1e-6f));
        assertThat(boxes.get(0).x1()).isEqualTo(40);
        assertThat(boxes.get(0).y2()).isEqualTo(70);
    }

    @Test
    void nmsKeepsTheBestOfEachClusterAndBoundsTheCount() {
        List<DetectedBox> boxes = List.of(
                new DetectedBox(0, 0, 10, 10, 0.5f, 0),
                new DetectedBox(1, 1, 11, 11, 0.9f, 0), // IoU with the first 0.68
                new DetectedBox(20, 20, 30, 30, 0.7f, 0),
                new DetectedBox(21, 20, 31, 30, 0.6f, 0), // IoU with the third 0.82
                new DetectedBox(50, 50, 60, 60, 0.3f, 0));
        assertThat(NonMaximumSuppression.apply(boxes, 0.5f, 10))
                .extracting(DetectedBox::score)
                .containsExactly(0.9f, 0.7f, 0.3f);
        assertThat(NonMaximumSuppression.apply(boxes, 0.9f, 10)).hasSize(5);
        assertThat(NonMaximumSuppression.apply(boxes, 0.5f, 2))
                .extracting(DetectedBox::score)
                .containsExactly(0.9f, 0.7f);
        assertThat(new DetectedBox(0, 0, 10, 10, 1, 0).iou(new DetectedBox(5, 0, 15, 10, 1, 0)))
                .isCloseTo(1f / 3, within(1e-6f));
    }

    @Test
    void shapesThatAreNoYoloOutputAreRefusedWithWhatWasFound() {
        assertThatThrownBy(() -> YoloLayout.detect(new long[] {1, 84}, "yolo.onnx"))
                .hasMessageContaining("yolo.onnx: expected a YOLO output")
                .hasMessageContaining("found [1, 84]");
        assertThatThrownBy(() -> YoloLayout.parse("v9")).hasMessageContaining("found 'v9'");
    }
}
