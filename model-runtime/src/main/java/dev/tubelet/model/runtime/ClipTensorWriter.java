package dev.tubelet.model.runtime;

import dev.tubelet.model.InputLayout;
import dev.tubelet.model.preprocess.FramePlanes;
import dev.tubelet.model.preprocess.PixelNormalizer;
import java.nio.ByteBuffer;
import java.nio.FloatBuffer;
import java.nio.ShortBuffer;

/**
 * Writes clips into a batch tensor in the model's layout. Every plane lands contiguously in both
 * layouts ({@code [t][c]} or {@code [c][t]} blocks of {@code H·W}): for a wrapped model a bulk
 * copy of the 8-bit plane, otherwise one table lookup per value (normalizing as it goes).
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

    /** Copies the 8-bit planes as they are; the graph's prologue normalizes them. */
    void write(Clip clip, int batchIndex, ByteBuffer out) {
        int base = batchIndex * clipElements();
        for (int t = 0; t < frames; t++) {
            FramePlanes frame = clip.frames().get(t);
            if (layout == InputLayout.BTCHW) {
                // a frame's three planes are one run in both the planes and the tensor
                out.put(base + planeOffset(t, 0), frame.data(), frame.offset(), 3 * planeSize);
            } else {
                for (int c = 0; c < 3; c++) {
                    out.put(base + planeOffset(t, c), frame.data(), frame.offset() + c * planeSize, planeSize);
                }
            }
        }
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
