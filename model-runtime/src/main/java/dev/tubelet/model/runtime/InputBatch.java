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
    private final PixelFeed feed;
    private final int clipElements;
    private final ByteBuffer bytes;
    private final FloatBuffer floats;
    private final ShortBuffer halves;

    InputBatch(int capacity, int clipElements, PixelFeed feed) {
        this.feed = feed;
        this.clipElements = clipElements;
        this.bytes = ByteBuffer.allocateDirect(capacity * clipElements * feed.bytesPerValue())
                .order(ByteOrder.nativeOrder());
        this.floats = feed == PixelFeed.FLOAT ? bytes.asFloatBuffer() : null;
        this.halves = feed == PixelFeed.FLOAT16 ? bytes.asShortBuffer() : null;
    }

    void write(ClipTensorWriter writer, Clip clip, int index) {
        switch (feed) {
            case UINT8 -> writer.write(clip, index, bytes);
            case FLOAT -> writer.write(clip, index, floats);
            case FLOAT16 -> writer.write(clip, index, halves);
        }
    }

    /**
     * @param env the environment
     * @param shape the tensor shape; its first axis says how many clips are used
     * @return a tensor over the first {@code shape[0]} clips, backed by this buffer; close it after the run
     */
    OnnxTensor tensor(OrtEnvironment env, long[] shape) throws OrtException {
        int length = (int) shape[0] * clipElements;
        return switch (feed) {
            case UINT8 -> OnnxTensor.createTensor(env, bytes.slice(0, length), shape, OnnxJavaType.UINT8);
            case FLOAT16 -> OnnxTensor.createTensor(env, halves.slice(0, length), shape, OnnxJavaType.FLOAT16);
            case FLOAT -> OnnxTensor.createTensor(env, floats.slice(0, length), shape);
        };
    }
}
