package dev.tubelet.model.graph;

/**
 * VideoMAE's fixed position embedding: the Transformer sinusoid table over token positions,
 * {@code angle(pos, j) = pos / 10000^(2⌊j/2⌋ / d)}, sine on even and cosine on odd channels,
 * computed in double and stored as float32 as the original code does.
 */
final class SinusoidPositionTable {
    private SinusoidPositionTable() {}

    /**
     * @param positions number of tokens
     * @param width embedding width
     * @return {@code positions × width} values, row-major
     */
    static float[] table(int positions, int width) {
        float[] table = new float[positions * width];
        double[] rates = new double[width];
        for (int j = 0; j < width; j++) {
            rates[j] = Math.pow(10000.0, 2.0 * (j / 2) / width);
        }
        for (int pos = 0; pos < positions; pos++) {
            for (int j = 0; j < width; j++) {
                double angle = pos / rates[j];
                table[pos * width + j] = (float) ((j % 2 == 0) ? Math.sin(angle) : Math.cos(angle));
            }
        }
        return table;
    }
}
