package dev.tubelet.model.runtime;

/**
 * How a window's 8-bit planes reach the model.
 *
 * <p>Measured on 2 CPU cores with the pass-through model: the graph's prologue (four elementwise
 * passes over every value, each through memory) costs about three times the runtime's one table
 * lookup per value, while on a GPU it is a fraction of a millisecond and the upload shrinks to a
 * quarter. Hence the default.
 */
public enum PixelInput {
    /** uint8 and the graph's prologue on a GPU provider; the runtime's tables on CPU. */
    AUTO,
    /** Always uint8 into the graph's prologue (when the model can be wrapped). */
    UINT8,
    /** Always the runtime's tables: float32 (or float16) values into the model's own input. */
    FLOAT;

    /**
     * @param provider where the model runs
     * @return whether the pixels go in as uint8
     */
    boolean uint8On(ExecutionProvider provider) {
        return this == UINT8 || (this == AUTO && provider.isGpu());
    }
}
