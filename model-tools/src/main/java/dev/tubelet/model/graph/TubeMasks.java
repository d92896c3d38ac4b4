package dev.tubelet.model.graph;

import dev.tubelet.model.InvalidModelException;

/**
 * The anomaly score's fixed tube masks: with {@code S} spatial positions per time slice and
 * {@code M} masks, mask {@code m} shows the positions {@code s} with {@code s mod M == m} in every
 * time slice and hides all others, so every token is hidden by {@code M − 1} masks and seen by one.
 * Tokens are numbered in (t′, h′, w′) order: token = t′·S + s.
 *
 * @param spatial positions per time slice, (H / p)·(W / p)
 * @param slices time slices, T / tubelet
 * @param count the number of masks M
 */
public record TubeMasks(int spatial, int slices, int count) {

    /**
     * @throws InvalidModelException when a mask would show nothing or hide nothing
     */
    public TubeMasks {
        if (count < 2 || count > spatial) {
            throw new InvalidModelException("mask ratio: expected 2 to " + spatial + " masks (a ratio from 0.5 to "
                    + String.format(java.util.Locale.ROOT, "%.4f", 1 - 1.0 / spatial) + "), found " + count);
        }
    }

    /**
     * @param maskRatio the share of positions each mask hides (VideoMAE pretrains at 0.9)
     * @return {@code round(1 / (1 − maskRatio))}
     * @throws InvalidModelException when the ratio is not in [0, 1)
     */
    public static int countFor(double maskRatio) {
        if (!(maskRatio >= 0 && maskRatio < 1)) {
            throw new InvalidModelException("mask ratio: expected a number in [0, 1), found " + maskRatio);
        }
        return (int) Math.round(1 / (1 - maskRatio));
    }

    /** @return tokens per clip */
    public int tokens() {
        return spatial * slices;
    }

    /** @return how many positions of one time slice mask {@code m} shows */
    public int visiblePositions(int m) {
        return (spatial - m + count - 1) / count;
    }

    /** @return the tokens mask {@code m} shows, ascending */
    public long[] visibleTokens(int m) {
        int perSlice = visiblePositions(m);
        long[] tokens = new long[perSlice * slices];
        int k = 0;
        for (int t = 0; t < slices; t++) {
            for (int s = m; s < spatial; s += count) {
                tokens[k++] = (long) t * spatial + s;
            }
        }
        return tokens;
    }

    /** @return whether mask {@code m} hides {@code token} */
    public boolean hides(int m, int token) {
        return (token % spatial) % count != m;
    }
}
