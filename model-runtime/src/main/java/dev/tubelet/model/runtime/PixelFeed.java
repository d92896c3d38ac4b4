package dev.tubelet.model.runtime;

/**
 * What the model's pixel input receives: 8-bit planes that a prologue in the graph rescales and
 * normalizes (the default), or values the runtime normalized (a model that cannot be wrapped).
 */
enum PixelFeed {
    /** uint8 planes as decoded; the graph normalizes them. */
    UINT8(1),
    /** float32 values normalized by the runtime's tables. */
    FLOAT(4),
    /** float16 values normalized by the runtime's tables. */
    FLOAT16(2);

    private final int bytesPerValue;

    PixelFeed(int bytesPerValue) {
        this.bytesPerValue = bytesPerValue;
    }

    /** @return bytes per value in the input tensor */
    int bytesPerValue() {
        return bytesPerValue;
    }
}
