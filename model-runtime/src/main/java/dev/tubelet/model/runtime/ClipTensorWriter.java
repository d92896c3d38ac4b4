package dev.tubelet.model.runtime;

import dev.tubelet.model.InputLayout;
import dev.tubelet.model.preprocess.FramePlanes;
import dev.tubelet.model.preprocess.PixelNormalizer;
import java.nio.FloatBuffer;
import java.nio.ShortBuffer;

/**
 * Writes clips into a batch tensor in the model's layout, normalizing as it goes. Every plane
 * lands contiguously in both layouts ({@code [t][c]} or {@code [c][t]} blocks of {@code H·W}),
 * so this is one table lookup per value and no intermediate copy.
 */
final class ClipTensorWriter {
    private final InputLayout layout;
    private final PixelNormalizer normalizer;
    private final int frames;
    private final int planeSize;

    ClipTensorWriter(InputLayout layout, PixelNormalizer normalizer, int frames, int height, int width) {
        this.layout = layout;
        this.normalizer = normalizer;
        this.frames = frames;
        this.planeSize = height * width;
    }

    /** @return values per clip */
    int clipElements() {
        return frames * 3 * planeSize;
    }

    void write(Clip clip, int batchIndex, FloatBuffer out) {
        int base = batchIndex * clipElements();
        for (int t = 0; t < frames; t++) {
            FramePlanes frame = clip.frames().get(t);
            for (int c = 0; c < 3; c++) {
                normalizer.writePlane(frame, c, out, base + planeOffset(t, c));
            }
        }
    }

    void write(Clip clip, int batchIndex, ShortBuffer out) {
        int base = batchIndex * clipElements();
        for (int t = 0; t < frames; t++) {
            FramePlanes frame = clip.frames().get(t);
            for (int c = 0; c < 3; c++) {
                normalizer.writePlane(frame, c, out, base + planeOffset(t, c));
            }
        }
    }

    private int planeOffset(int t, int c) {
        return layout == InputLayout.BTCHW ? (t * 3 + c) * planeSize : (c * frames + t) * planeSize;
    }
}
