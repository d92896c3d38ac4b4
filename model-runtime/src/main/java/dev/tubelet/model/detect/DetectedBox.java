package dev.tubelet.model.detect;

/**
 * A box found by a detector or a proposer.
 *
 * @param x1 left edge
 * @param y1 top edge
 * @param x2 right edge
 * @param y2 bottom edge
 * @param score confidence, 0..1
 * @param classId the detector's class index (0 = person in COCO-trained YOLO models), -1 when none
 */
public record DetectedBox(float x1, float y1, float x2, float y2, float score, int classId) {

    /** @return the box's area (0 when empty) */
    public float area() {
        return Math.max(0, x2 - x1) * Math.max(0, y2 - y1);
    }

    /**
     * @param o another box in the same coordinates
     * @return intersection over union, 0 when either is empty
     */
    public float iou(DetectedBox o) {
        return iou(x1, y1, x2, y2, o.x1, o.y1, o.x2, o.y2);
    }

    /** Intersection over union of two boxes given by their corners. */
    public static float iou(float ax1, float ay1, float ax2, float ay2, float bx1, float by1, float bx2, float by2) {
        float w = Math.min(ax2, bx2) - Math.max(ax1, bx1);
        float h = Math.min(ay2, by2) - Math.max(ay1, by1);
        if (w <= 0 || h <= 0) {
            return 0;
        }
        float inter = w * h;
        float union = Math.max(0, ax2 - ax1) * Math.max(0, ay2 - ay1)
                + Math.max(0, bx2 - bx1) * Math.max(0, by2 - by1)
                - inter;
        return union <= 0 ? 0 : inter / union;
    }
}
