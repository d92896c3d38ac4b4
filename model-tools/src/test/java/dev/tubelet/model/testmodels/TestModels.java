package dev.tubelet.model.testmodels;

import dev.tubelet.model.InputLayout;
import dev.tubelet.model.graph.MaskedAutoencoderArchitecture;
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

    /**
     * A tiny masked autoencoder: the tiny encoder on 4 frames of 48×48 (3×3 positions, 18 tokens), a
     * 32-wide decoder of one block, mask ratio 0.75: 4 masks, the first showing 3 positions and the
     * others 2, so the graph's encoder runs on two groups of masks.
     */
    public static MaskedAutoencoderArchitecture tinyAutoencoder() {
        return new MaskedAutoencoderArchitecture(
                tiny().imageSize(48)
                        .numClasses(3 * 2 * 16 * 16)
                        .useMeanPooling(false)
                        .build(),
                true,
                32,
                1,
                2,
                128,
                1e-6,
                1e-6,
                0.75);
    }

    /** Writes the tiny anomaly model with seeded weights (seed 42) and VideoMAE's preprocessing at 48 px. */
    public static Path tinyAnomalyModel(Path dir) throws IOException {
        ModelDirectoryWriter.writeAnomaly(
                tinyAutoencoder(),
                new SeededWeights(42),
                dev.tubelet.model.config.PreprocessorConfig.videoMaeDefaults(48),
                dir);
        return dir;
    }

    /** The tiny model in the given input layout. */
    public static Path tinyModel(Path dir, InputLayout layout) throws IOException {
        return write(tiny().layout(layout).build(), dir);
    }
}
