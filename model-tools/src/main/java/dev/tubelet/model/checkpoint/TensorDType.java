package dev.tubelet.model.checkpoint;

import ai.onnxruntime.platform.Fp16Conversions;
import java.nio.ByteBuffer;

/** The floating-point element types VideoMAE checkpoints are saved in. */
public enum TensorDType {
    F32(4),
    F16(2),
    BF16(2),
    F64(8);

    private final int bytes;

    TensorDType(int bytes) {
        this.bytes = bytes;
    }

    /** @return bytes per element */
    public int bytes() {
        return bytes;
    }

    /**
     * @param data little-endian elements, positioned at the first
     * @param count how many
     * @return them as float32
     */
    float[] toFloats(ByteBuffer data, int count) {
        float[] out = new float[count];
        switch (this) {
            case F32:
                data.asFloatBuffer().get(out);
                break;
            case F64:
                for (int i = 0; i < count; i++) {
                    out[i] = (float) data.getDouble(data.position() + 8 * i);
                }
                break;
            case F16:
                for (int i = 0; i < count; i++) {
                    out[i] = Fp16Conversions.fp16ToFloat(data.getShort(data.position() + 2 * i));
                }
                break;
            default:
                for (int i = 0; i < count; i++) {
                    out[i] = Fp16Conversions.bf16ToFloat(data.getShort(data.position() + 2 * i));
                }
        }
        return out;
    }
}
