package dev.tubelet.model.detect;

import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns a YOLO export's raw output (one image) into boxes in the detector's input pixels: corner
 * coordinates, the best class (or the wanted one), score above the threshold; then per-class NMS
 * where the export has not done it.
 */
public final class YoloDecoder {
    private final YoloLayout layout;
    private final int classFilter;
    private final float scoreThreshold;
    private final float iouThreshold;
    private final int maxBoxes;

    /**
     * @param layout the output layout
     * @param classFilter the class to keep (0 = person for COCO models), or -1 for all
     * @param scoreThreshold lowest score kept
     * @param iouThreshold NMS overlap threshold
     * @param maxBoxes most boxes returned
     */
    public YoloDecoder(YoloLayout layout, int classFilter, float scoreThreshold, float iouThreshold, int maxBoxes) {
        this.layout = layout;
        this.classFilter = classFilter;
        this.scoreThreshold = scoreThreshold;
        this.iouThreshold = iouThreshold;
        this.maxBoxes = maxBoxes;
    }

    /**
     * @param output the output of one image (batch index 0), row-major as the shape says
     * @param shape {@code [1, a, b]}
     * @return the boxes, best first
     */
    public List<DetectedBox> decode(FloatBuffer output, long[] shape) {
        int a = (int) shape[1];
        int b = (int) shape[2];
        List<DetectedBox> candidates = new ArrayList<>();
        switch (layout) {
            case CHANNELS_FIRST -> {
                int classes = a - 4;
                for (int n = 0; n < b; n++) {
                    int best = -1;
                    float score = 0;
                    for (int c = 0; c < classes; c++) {
                        if (classFilter >= 0 && c != classFilter) {
                            continue;
                        }
                        float s = output.get((4 + c) * b + n);
                        if (best < 0 || s > score) {
                            best = c;
                            score = s;
                        }
                    }
                    if (best >= 0 && score >= scoreThreshold) {
                        candidates.add(fromCenter(
                                output.get(n),
                                output.get(b + n),
                                output.get(2 * b + n),
                                output.get(3 * b + n),
                                score,
                                best));
                    }
                }
            }
            case OBJECTNESS_ROWS -> {
                int classes = b - 5;
                for (int n = 0; n < a; n++) {
                    int row = n * b;
                    float objectness = output.get(row + 4);
                    int best = -1;
                    float score = 0;
                    for (int c = 0; c < classes; c++) {
                        if (classFilter >= 0 && c != classFilter) {
                            continue;
                        }
                        float s = objectness * output.get(row + 5 + c);
                        if (best < 0 || s > score) {
                            best = c;
                            score = s;
                        }
                    }
                    if (best >= 0 && score >= scoreThreshold) {
                        candidates.add(fromCenter(
                                output.get(row),
                                output.get(row + 1),
                                output.get(row + 2),
                                output.get(row + 3),
                                score,
                                best));
                    }
                }
            }
            case XYXY_SCORE_CLASS -> {
                for (int n = 0; n < a; n++) {
                    int row = n * 6;
                    float score = output.get(row + 4);
                    int cls = Math.round(output.get(row + 5));
                    if (score >= scoreThreshold && (classFilter < 0 || cls == classFilter)) {
                        candidates.add(new DetectedBox(
                                output.get(row),
                                output.get(row + 1),
                                output.get(row + 2),
                                output.get(row + 3),
                                score,
                                cls));
                    }
                }
            }
        }
        // end-to-end exports are suppressed already; NMS again is harmless and bounds the count
        return NonMaximumSuppression.apply(candidates, iouThreshold, maxBoxes);
    }

    private static DetectedBox fromCenter(float cx, float cy, float w, float h, float score, int cls) {
        return new DetectedBox(cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2, score, cls);
    }
}
