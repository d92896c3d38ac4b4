package dev.tubelet.model.testutils;

import dev.tubelet.model.InputLayout;
import dev.tubelet.model.graph.ModelDirectoryWriter;
import dev.tubelet.model.graph.SeededWeights;
import dev.tubelet.model.graph.VideoMaeArchitecture;
import dev.tubelet.model.preprocess.FramePlanes;
import dev.tubelet.model.runtime.Clip;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Small builder models and synthetic clips for tests. */
public final class TestModels {
    private TestModels() {}

    /** A tiny architecture that runs in milliseconds: 4 frames of 32×32, 2 blocks of width 64. */
    public static VideoMaeArchitecture.Builder tiny() {
        return VideoMaeArchitecture.builder(VideoMaeArchitecture.Size.TINY).numFrames(4).imageSize(32).numClasses(10);
    }

    public static Path write(VideoMaeArchitecture arch, Path dir) throws IOException {
        new ModelDirectoryWriter(arch, new SeededWeights(42)).write(dir);
        return dir;
    }

    public static Path tinyModel(Path dir, InputLayout layout) throws IOException {
        return write(tiny().layout(layout).build(), dir);
    }

    /** A clip of seeded random pixels. */
    public static Clip randomClip(int frames, int size, long seed) {
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
