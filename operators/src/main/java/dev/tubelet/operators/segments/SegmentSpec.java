package dev.tubelet.operators.segments;

import java.io.Serializable;
import java.time.Duration;

/**
 * When a label's segment opens and closes (hysteresis, so that one low window does not split a
 * segment and one high window does not open one).
 *
 * @param openScore a window supports opening when the label scores at least this
 * @param closeScore an open segment goes on while the label scores at least this
 * @param minWindows consecutive windows at or above {@code openScore} that open a segment
 * @param maxGapWindows consecutive windows below {@code closeScore} that close it
 * @param idleTimeout a camera without windows for this long closes its segments
 */
public record SegmentSpec(double openScore, double closeScore, int minWindows, int maxGapWindows, Duration idleTimeout)
        implements Serializable {
    /**
     * @throws IllegalArgumentException naming the value out of range
     */
    public SegmentSpec {
        if (!(closeScore >= 0 && closeScore <= openScore && openScore <= 1)) {
            throw new IllegalArgumentException("segment-open-score and segment-close-score: expected 0 <= close <= open"
                    + " <= 1, found open " + openScore + " and close " + closeScore);
        }
        if (minWindows < 1 || maxGapWindows < 1) {
            throw new IllegalArgumentException("segment-min-windows and segment-max-gap-windows: expected 1 or more,"
                    + " found " + minWindows + " and " + maxGapWindows);
        }
    }

    /** @return open at 0.5 in 2 windows, close below 0.3 for 1 window, idle after 60 s */
    public static SegmentSpec defaults() {
        return new SegmentSpec(0.5, 0.3, 2, 1, Duration.ofSeconds(60));
    }

    /**
     * @param timeout the idle timeout
     * @return this spec with it
     */
    public SegmentSpec withIdleTimeout(Duration timeout) {
        return new SegmentSpec(openScore, closeScore, minWindows, maxGapWindows, timeout);
    }
}
