package dev.tubelet.model.runtime;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.ShortBuffer;

/**
 * One reusable direct buffer for a batch of clips. ONNX Runtime reads a direct buffer in place,
 * so filling it is the only copy a clip's pixels see between the planes and the model.
 */
final class InputBatch {
    private final boolean float16;
    private final int clipElements;
    private final FloatBuffer floats;
    private final ShortBuffer halves;

    InputBatch(int capacity, int clipElements, boolean float16) {
        this.float16 = float16;
        this.clipElements = clipElements;
        ByteBuffer bytes = ByteBuffer.allocateDirect(capacity * clipElements * (float16 ? 2 : 4))
                .order(ByteOrder.nativeOrder());
        this.floats = float16 ? null : bytes.asFloatBuffer();
        this.halves = float16 ? bytes.asShortBuffer() : null;
    }

    void write(ClipTensorWriter writer, Clip clip, int index) {
        if (float16) {
            writer.write(clip, index, halves);
        } else {
            writer.write(clip, index, floats);
        }
    }

    /**
     * @param env the environment
     * @param shape the tensor shape; its first axis says how many clips are used
     * @return a tensor over the first {@code shape[0]} clips, backed by this buffer; close it after the run
     */
    OnnxTensor tensor(OrtEnvironment env, long[] shape) throws OrtException {
        int length = (int) shape[0] * clipElements;
        if (float16) {
            return OnnxTensor.createTensor(env, halves.slice(0, length), shape, OnnxJavaType.FLOAT16);
        }
        return OnnxTensor.createTensor(env, floats.slice(0, length), shape);
    }
}
