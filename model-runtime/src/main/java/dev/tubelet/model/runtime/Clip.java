package dev.tubelet.model.runtime;

import dev.tubelet.model.preprocess.FramePlanes;
import java.util.List;

/**
 * The frames of one window, in time order, preprocessed to the model's input size. Frames may
 * be shared with other clips (overlapping windows): nothing here copies or changes them.
 *
 * @param frames the sampled frames, oldest first
 */
public record Clip(List<FramePlanes> frames) {
    /**
     * @throws IllegalArgumentException when there are no frames or their sizes differ
     */
    public Clip {
        frames = List.copyOf(frames);
        if (frames.isEmpty()) {
            throw new IllegalArgumentException("a clip needs at least one frame");
        }
        FramePlanes first = frames.get(0);
        for (FramePlanes f : frames) {
            if (f.width() != first.width() || f.height() != first.height()) {
                throw new IllegalArgumentException("all frames of a clip must have one size, found " + first.width()
                        + "x" + first.height() + " and " + f.width() + "x" + f.height());
            }
        }
    }
}
