package dev.tubelet.model.checkpoint;

import dev.tubelet.model.graph.WeightSource;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A checkpoint's tensors, under the original code's names, as the graph builder's weight source.
 * Fused tensors (Hugging Face's q, k, v) are stacked on the way; every tensor is read once.
 */
final class CheckpointWeights implements WeightSource {
    private final Map<String, List<CheckpointTensor>> tensors;
    private final Set<String> used = new HashSet<>();

    CheckpointWeights(Map<String, List<CheckpointTensor>> tensors) {
        this.tensors = tensors;
    }

    @Override
    public float[] tensor(String name, int[] shape) {
        List<CheckpointTensor> parts = tensors.get(name);
        if (parts == null || !used.add(name)) {
            throw new IllegalStateException(
                    "the builder asked for " + name + (parts == null ? ", which the import did not check" : " twice"));
        }
        long expected = 1;
        for (int d : shape) {
            expected *= d;
        }
        float[] out = new float[(int) expected];
        int at = 0;
        for (CheckpointTensor part : parts) {
            float[] values = part.toFloats();
            System.arraycopy(values, 0, out, at, values.length);
            at += values.length;
        }
        if (at != expected) {
            throw new IllegalStateException(name + ": expected " + Arrays.toString(shape) + ", read " + at + " values");
        }
        return out;
    }

    /** @return the names the builder did not ask for */
    Set<String> unused() {
        Set<String> unused = new HashSet<>(tensors.keySet());
        unused.removeAll(used);
        return unused;
    }
}
