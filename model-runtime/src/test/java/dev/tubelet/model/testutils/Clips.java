package dev.tubelet.model.testutils;

import dev.tubelet.model.preprocess.FramePlanes;
import dev.tubelet.model.runtime.Clip;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Synthetic clips for tests. */
public final class Clips {
    private Clips() {}

    /** A clip of seeded random pixels, {@code frames} square frames of {@code size}. */
    public static Clip random(int frames, int size, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<FramePlanes> planes = new ArrayList<>();
        for (int t = 0; t < frames; t++) {
            byte[] data = new byte[3 * size * size];
            for (int i = 0; i < data.length; i++) {
                data[i] = (byte) random.nextInt(256);
            }
            planes.add(new FramePlanes(size, size, data));
        }
        return new Clip(planes);
    }
}
