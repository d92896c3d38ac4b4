package dev.tubelet.model.runtime;

/**
 * How unusual one clip is to a masked autoencoder: each token's reconstruction error (mean squared
 * error of its normalized pixels, averaged over the tube masks that hid it) and their mean.
 *
 * @param score the window's score: the mean token error
 * @param tokenErrors per token, in (t′, h′, w′) order: {@code slices × rows × columns} values
 * @param slices time slices T′ (frames / tubelet)
 * @param rows token rows H′ (height / patch)
 * @param columns token columns W′ (width / patch)
 */
public record AnomalyScore(double score, float[] tokenErrors, int slices, int rows, int columns) {

    /**
     * @throws IllegalArgumentException when the errors do not fill the grid
     */
    public AnomalyScore {
        if (tokenErrors.length != slices * rows * columns) {
            throw new IllegalArgumentException(
                    tokenErrors.length + " token errors for a " + slices + "x" + rows + "x" + columns + " grid");
        }
    }

    /**
     * @param tokenErrors per token, in (t′, h′, w′) order
     * @param slices time slices
     * @param rows token rows
     * @param columns token columns
     * @return the score with its mean
     */
    public static AnomalyScore of(float[] tokenErrors, int slices, int rows, int columns) {
        double sum = 0;
        for (float e : tokenErrors) {
            sum += e;
        }
        return new AnomalyScore(sum / tokenErrors.length, tokenErrors, slices, rows, columns);
    }

    /** @return the token errors averaged over time: {@code rows × columns} values, row-major (where it was unusual) */
    public float[] heat() {
        int cells = rows * columns;
        float[] heat = new float[cells];
        for (int t = 0; t < slices; t++) {
            for (int i = 0; i < cells; i++) {
                heat[i] += tokenErrors[t * cells + i];
            }
        }
        for (int i = 0; i < cells; i++) {
            heat[i] /= slices;
        }
        return heat;
    }
}
