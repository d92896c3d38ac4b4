package dev.tubelet.model.detect;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Greedy non-maximum suppression, per class (as YOLO exports are post-processed): the best box
 * stays, every box of the same class overlapping it by more than the IoU threshold goes, repeat.
 */
public final class NonMaximumSuppression {
    private NonMaximumSuppression() {}

    /**
     * @param boxes candidates, any order
     * @param iouThreshold overlap above which the weaker box is dropped
     * @param maxBoxes most boxes kept
     * @return the kept boxes, best first (ties keep their input order)
     */
    public static List<DetectedBox> apply(List<DetectedBox> boxes, float iouThreshold, int maxBoxes) {
        List<DetectedBox> sorted = new ArrayList<>(boxes);
        sorted.sort(Comparator.comparingDouble((DetectedBox b) -> b.score()).reversed());
        boolean[] dropped = new boolean[sorted.size()];
        List<DetectedBox> kept = new ArrayList<>();
        for (int i = 0; i < sorted.size() && kept.size() < maxBoxes; i++) {
            if (dropped[i]) {
                continue;
            }
            DetectedBox best = sorted.get(i);
            kept.add(best);
            for (int j = i + 1; j < sorted.size(); j++) {
                if (!dropped[j]
                        && sorted.get(j).classId() == best.classId()
                        && best.iou(sorted.get(j)) > iouThreshold) {
                    dropped[j] = true;
                }
            }
        }
        return kept;
    }
}
