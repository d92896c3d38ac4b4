package dev.tubelet.model.graph;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/**
 * Deterministic synthetic weights: each tensor drawn from its own generator seeded by the model
 * seed and the tensor's name, so the same seed always gives the same model whatever the order
 * of requests. Linear and convolution weights are N(0, 0.02²) as in VideoMAE's initialization;
 * biases are small and nonzero, and LayerNorm scales are near one, so that every parameter
 * changes the output (a test comparing two implementations then notices a swapped bias).
 */
public final class SeededWeights implements WeightSource {
    private final long seed;

    /**
     * @param seed the model seed
     */
    public SeededWeights(long seed) {
        this.seed = seed;
    }

    @Override
    public float[] tensor(String name, int[] shape) {
        int count = 1;
        for (int d : shape) {
            count *= d;
        }
        SplittableRandom random = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + fnv(name));
        float[] values = new float[count];
        boolean norm = name.contains("norm");
        boolean bias = name.endsWith("bias");
        for (int i = 0; i < count; i++) {
            double g = random.nextGaussian();
            if (norm && !bias) {
                values[i] = (float) (1.0 + 0.1 * g);
            } else if (bias) {
                values[i] = (float) (0.02 * g);
            } else {
                values[i] = (float) (0.02 * Math.max(-2.0, Math.min(2.0, g)));
            }
        }
        return values;
    }

    private static long fnv(String name) {
        long hash = 0xcbf29ce484222325L;
        for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
            hash ^= b;
            hash *= 0x100000001b3L;
        }
        return hash;
    }
}
