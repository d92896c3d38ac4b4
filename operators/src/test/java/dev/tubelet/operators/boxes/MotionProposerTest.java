package dev.tubelet.operators.boxes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tubelet.model.detect.DetectedBox;
import dev.tubelet.model.testutils.MovingObjects;
import java.util.List;
import org.junit.jupiter.api.Test;

class MotionProposerTest {

    private static float[] corners(DetectedBox b) {
        return new float[] {b.x1(), b.y1(), b.x2(), b.y2()};
    }

    /**
     * Every moving rectangle is found by a box overlapping it by IoU >= 0.5, in every checked frame;
     * boxes that match nothing (a fading trace where a rectangle turned round at the edge) are rare.
     */
    @Test
    void findsEachMovingRectangleOnceAfterTheWarmUp() {
        MovingObjects scene = MovingObjects.three();
        MotionProposer proposer = new MotionProposer(MotionProposer.Settings.defaults());
        MotionBackground background = new MotionBackground();
        int checked = 0;
        int framesWithExtras = 0;
        // every 4th frame, as the window samples them
        for (int t = 0; t < 240; t += 4) {
            List<DetectedBox> boxes = proposer.propose(scene.frame(t), background);
            if (t < 80) {
                continue; // warm-up: the first frames' objects fade out of the running average
            }
            if (scene.touching(t, 0.03f)) {
                continue; // two rectangles touching are one moving blob
            }
            for (int i = 0; i < scene.count(); i++) {
                float[] truth = scene.box(i, t);
                double best = boxes.stream()
                        .mapToDouble(b -> MovingObjects.iou(corners(b), truth))
                        .max()
                        .orElse(0);
                assertThat(best)
                        .as("IoU of object %d at frame %d, boxes %s", i, t, boxes)
                        .isGreaterThanOrEqualTo(0.5);
            }
            int frame = t;
            long unmatched = boxes.stream()
                    .filter(b -> java.util.stream.IntStream.range(0, scene.count())
                            .allMatch(i -> MovingObjects.iou(corners(b), scene.box(i, frame)) < 0.5))
                    .count();
            if (unmatched > 0) {
                framesWithExtras++;
            }
            checked++;
        }
        assertThat(checked).isGreaterThan(25);
        assertThat(framesWithExtras)
                .as("frames with a box on no object, of %d", checked)
                .isLessThanOrEqualTo(checked / 10);
        assertThat(background.rgb).hasSize(160 * 120 * 3);
    }

    @Test
    void aStillSceneHasNoBoxes() {
        MovingObjects still = new MovingObjects(320, 240, new MovingObjects.Mover(100, 100, 40, 40, 0, 0, 0xFF0000));
        MotionProposer proposer = new MotionProposer(MotionProposer.Settings.defaults());
        MotionBackground background = new MotionBackground();
        for (int t = 0; t < 40; t++) {
            assertThat(proposer.propose(still.frame(t), background)).isEmpty();
        }
    }
}
