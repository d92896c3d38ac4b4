package dev.tubelet.model.testmodels;

import dev.tubelet.model.InputLayout;
import dev.tubelet.model.graph.ModelDirectoryWriter;
import dev.tubelet.model.graph.SeededWeights;
import dev.tubelet.model.graph.VideoMaeArchitecture;
import java.io.IOException;
import java.nio.file.Path;

/** Small models written by the graph builder, for the tests of every module. */
public final class TestModels {
    private TestModels() {}

    /** A tiny architecture that runs in milliseconds: 4 frames of 32×32, 2 blocks of width 64. */
    public static VideoMaeArchitecture.Builder tiny() {
        return VideoMaeArchitecture.builder(VideoMaeArchitecture.Size.TINY)
                .numFrames(4)
                .imageSize(32)
                .numClasses(10);
    }

    /** Writes a model directory with seeded weights (seed 42). */
    public static Path write(VideoMaeArchitecture arch, Path dir) throws IOException {
        new ModelDirectoryWriter(arch, new SeededWeights(42)).write(dir);
        return dir;
    }

    /** The tiny model in the given input layout. */
    public static Path tinyModel(Path dir, InputLayout layout) throws IOException {
        return write(tiny().layout(layout).build(), dir);
    }
}
