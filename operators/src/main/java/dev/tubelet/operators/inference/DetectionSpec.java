package dev.tubelet.operators.inference;

import java.io.Serializable;

/**
 * Which detection model scores the keyframes' boxes, how windows are batched, and which actions an
 * event reports.
 *
 * @param inference the detection model and the batching (its topK is the most actions per box)
 * @param actionThreshold lowest sigmoid score of an action reported for a box
 */
public record DetectionSpec(InferenceSpec inference, float actionThreshold) implements Serializable {
    /**
     * @throws IllegalArgumentException when the threshold is outside 0..1
     */
    public DetectionSpec {
        if (!(actionThreshold >= 0 && actionThreshold <= 1)) {
            throw new IllegalArgumentException("action threshold: expected 0..1, found " + actionThreshold);
        }
    }
}
