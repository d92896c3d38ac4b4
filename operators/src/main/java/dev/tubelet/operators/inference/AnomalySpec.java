package dev.tubelet.operators.inference;

import java.io.Serializable;

/**
 * Which anomaly model scores the windows, how they are batched, and how each camera's baseline of
 * the score is kept.
 *
 * @param inference the anomaly model and the batching (its topK is not used)
 * @param halfLifeWindows windows after which an earlier score's weight in the baseline has halved
 * @param warmUpWindows windows a camera's baseline must have seen before its z-scores count
 */
public record AnomalySpec(InferenceSpec inference, int halfLifeWindows, int warmUpWindows) implements Serializable {
    /**
     * @throws IllegalArgumentException naming the value out of range
     */
    public AnomalySpec {
        if (halfLifeWindows < 1 || warmUpWindows < 2) {
            throw new IllegalArgumentException("anomaly baseline: expected a half-life of at least 1 window and a "
                    + "warm-up of at least 2, found " + halfLifeWindows + " and " + warmUpWindows);
        }
    }
}
