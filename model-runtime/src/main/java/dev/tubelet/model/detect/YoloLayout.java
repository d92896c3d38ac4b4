package dev.tubelet.model.detect;

import dev.tubelet.model.InvalidModelException;
import java.util.Arrays;
import java.util.Locale;

/** How a YOLO export lays out its output. */
public enum YoloLayout {
    /**
     * {@code [B, 4 + C, N]}: per candidate cx, cy, w, h then one score per class, candidates along
     * the last axis (Ultralytics YOLOv8/YOLO11 exports, no objectness, NMS not applied).
     */
    CHANNELS_FIRST,
    /**
     * {@code [B, N, 6]}: per candidate x1, y1, x2, y2, score, class (end-to-end exports such as
     * YOLOv10 or {@code nms=True}: already suppressed).
     */
    XYXY_SCORE_CLASS,
    /** {@code [B, N, 5 + C]}: per candidate cx, cy, w, h, objectness, class scores (YOLOv5/YOLOv7). */
    OBJECTNESS_ROWS;

    /**
     * @param text channels-first, xyxy-score-class, objectness-rows or auto (any case)
     * @return the layout, or null for auto
     */
    public static YoloLayout parse(String text) {
        String t = text.toLowerCase(Locale.ROOT).replace('_', '-');
        return switch (t) {
            case "auto" -> null;
            case "channels-first", "v8" -> CHANNELS_FIRST;
            case "xyxy-score-class", "end2end" -> XYXY_SCORE_CLASS;
            case "objectness-rows", "v5" -> OBJECTNESS_ROWS;
            default ->
                throw new IllegalArgumentException(
                        "expected auto, channels-first, xyxy-score-class or objectness-rows, found '" + text + "'");
        };
    }

    /**
     * Tells the layout from the output shape: rows of 6 are x1, y1, x2, y2, score, class; otherwise
     * the candidates axis is the long one (an export has hundreds to thousands of candidates and
     * 5 to 85 channels). Give the layout explicitly for anything else.
     *
     * @param shape the output shape {@code [B, a, b]}
     * @param source the model, for messages
     * @return the layout
     * @throws InvalidModelException when the shape fits none
     */
    public static YoloLayout detect(long[] shape, String source) {
        if (shape.length != 3 || shape[1] <= 0 || shape[2] <= 0) {
            throw new InvalidModelException(
                    source + ": expected a YOLO output [batch, 4+classes, candidates], [batch, candidates, 6] "
                            + "or [batch, candidates, 5+classes], found " + Arrays.toString(shape));
        }
        long a = shape[1];
        long b = shape[2];
        if (b == 6) {
            return XYXY_SCORE_CLASS;
        }
        if (a < b || b < 6) {
            // candidates outnumber channels in any real export; rows of fewer than 6 cannot be 5 + classes
            if (a < 5) {
                throw new InvalidModelException(
                        source + ": expected at least 5 channels (cx, cy, w, h, class scores), found "
                                + Arrays.toString(shape));
            }
            return CHANNELS_FIRST;
        }
        return OBJECTNESS_ROWS;
    }
}
