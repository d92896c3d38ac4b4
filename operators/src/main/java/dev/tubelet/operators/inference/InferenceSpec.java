package dev.tubelet.operators.inference;

import dev.tubelet.model.runtime.ExecutionOptions;
import java.io.Serializable;
import java.time.Duration;

/**
 * Which model runs the windows and how they are batched.
 *
 * @param modelPath model directory or .onnx file (the same path on every TaskManager)
 * @param execution provider, GPU and thread settings
 * @param maxBatch most windows per model run; 0 for the provider's default (32 on a GPU, 8 on CPU)
 * @param maxWait how long the first window of a batch waits for more
 * @param topK labels per event
 */
public record InferenceSpec(String modelPath, ExecutionOptions execution, int maxBatch, Duration maxWait, int topK)
        implements Serializable {

    /**
     * @throws IllegalArgumentException naming the value out of range
     */
    public InferenceSpec {
        if (maxBatch < 0 || topK < 1 || maxWait.isNegative()) {
            throw new IllegalArgumentException(
                    "max batch must be ≥ 0 (0: the provider's default), top-k ≥ 1 and max wait ≥ 0, found " + maxBatch
                            + ", " + topK + ", " + maxWait);
        }
    }
}
