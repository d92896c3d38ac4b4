package dev.tubelet.operators.boxes;

import java.io.Serializable;
import java.util.Locale;

/**
 * How a camera's keyframes get boxes when its frames carry none: {@code upstream} (only the
 * frames' own boxes), {@code motion} (the motion proposer) or {@code detector:PATH} (a YOLO export
 * run on the keyframe). Boxes in a frame are always used as given, whatever this says.
 *
 * @param origin the source
 * @param detectorModel the detector's .onnx, for {@link BoxOrigin#DETECTOR}
 */
public record BoxSourceSpec(BoxOrigin origin, String detectorModel) implements Serializable {

    /**
     * @param text upstream, motion or detector:PATH
     * @return the spec
     * @throws IllegalArgumentException saying what is accepted
     */
    public static BoxSourceSpec parse(String text) {
        String t = text.strip();
        String lower = t.toLowerCase(Locale.ROOT);
        if (lower.equals("upstream")) {
            return new BoxSourceSpec(BoxOrigin.UPSTREAM, null);
        }
        if (lower.equals("motion")) {
            return new BoxSourceSpec(BoxOrigin.MOTION, null);
        }
        if (lower.startsWith("detector:") && t.length() > "detector:".length()) {
            return new BoxSourceSpec(BoxOrigin.DETECTOR, t.substring("detector:".length()));
        }
        throw new IllegalArgumentException(
                "box source: expected upstream, motion or detector:PATH (a YOLO .onnx), found '" + text + "'");
    }

    @Override
    public String toString() {
        return origin == BoxOrigin.DETECTOR
                ? "detector:" + detectorModel
                : origin.name().toLowerCase(Locale.ROOT);
    }
}
