package dev.tubelet.operators.tracking;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tubelet.model.detect.DetectedBox;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class IouTrackerTest {

    private static DetectedBox box(double cx, double cy, double w, double h) {
        return new DetectedBox(
                (float) (cx - w / 2), (float) (cy - h / 2), (float) (cx + w / 2), (float) (cy + h / 2), 1f, -1);
    }

    /**
     * Two people walk towards each other on nearly the same line and cross: their boxes overlap
     * for several keyframes. Constant-velocity prediction and the Hungarian assignment keep each
     * id on its own walker, whatever order the detections come in.
     */
    @Test
    void idsSurviveTwoObjectsCrossingPaths() {
        IouTracker tracker = IouTracker.defaults();
        CameraTracks state = new CameraTracks();
        long leftId = -1;
        long rightId = -1;
        for (int k = 0; k <= 20; k++) {
            long seq = k * 8L;
            DetectedBox left = box(0.1 + 0.04 * k, 0.50, 0.08, 0.25); // walks right
            DetectedBox right = box(0.9 - 0.04 * k, 0.52, 0.08, 0.25); // walks left
            boolean swap = k % 2 == 1; // detections in either order
            long[] ids = tracker.update(state, swap ? List.of(right, left) : List.of(left, right), seq);
            long l = swap ? ids[1] : ids[0];
            long r = swap ? ids[0] : ids[1];
            if (k == 0) {
                leftId = l;
                rightId = r;
                assertThat(l).isNotEqualTo(r);
            }
            assertThat(l).as("walker going right at keyframe %d", k).isEqualTo(leftId);
            assertThat(r).as("walker going left at keyframe %d", k).isEqualTo(rightId);
        }
        assertThat(state.tracks).hasSize(2);
    }

    @Test
    void boxesThatJumpFurtherThanTheirSizeBetweenKeyframesKeepTheirIds() {
        // keyframes are a hop apart: 0.1 of the frame per keyframe, with boxes 0.06 wide (no overlap)
        IouTracker tracker = IouTracker.defaults();
        CameraTracks state = new CameraTracks();
        List<Long> ids = new ArrayList<>();
        for (int k = 0; k < 8; k++) {
            ids.add(tracker.update(state, List.of(box(0.1 + 0.1 * k, 0.5, 0.06, 0.2)), k * 32L)[0]);
        }
        assertThat(ids).containsOnly(ids.get(0));
    }

    @Test
    void newObjectsGetNewIdsAndLostTracksEndAfterTheirMisses() {
        IouTracker tracker = new IouTracker(0.3f, 1.5f, 2);
        CameraTracks state = new CameraTracks();
        long a = tracker.update(state, List.of(box(0.2, 0.5, 0.1, 0.2)), 0)[0];
        long[] two = tracker.update(state, List.of(box(0.21, 0.5, 0.1, 0.2), box(0.8, 0.5, 0.1, 0.2)), 8);
        assertThat(two[0]).isEqualTo(a);
        assertThat(two[1]).isNotEqualTo(a);
        // nobody for three keyframes: more than 2 misses, both tracks end
        for (int k = 2; k <= 4; k++) {
            assertThat(tracker.update(state, List.of(), k * 8L)).isEmpty();
        }
        assertThat(state.tracks).isEmpty();
        long again = tracker.update(state, List.of(box(0.2, 0.5, 0.1, 0.2)), 48)[0];
        assertThat(again).as("ids are never reused").isGreaterThan(two[1]);
    }

    @Test
    void hungarianFindsTheCheapestAssignmentOfARectangularMatrix() {
        double[][] cost = {
            {4, 1, 3},
            {2, 0, 5},
            {3, 2, 2},
        };
        assertThat(HungarianAssignment.solve(cost)).containsExactly(1, 0, 2); // 1 + 2 + 2 = 5
        double[][] wide = {{5, 1, 9, 0.5}, {1, 5, 9, 9}};
        assertThat(HungarianAssignment.solve(wide)).containsExactly(3, 0);
        double[][] tall = {{5, 1}, {1, 5}, {0.1, 0.2}};
        assertThat(HungarianAssignment.solve(tall)).containsExactly(1, -1, 0); // 1 + 0.1
    }
}
