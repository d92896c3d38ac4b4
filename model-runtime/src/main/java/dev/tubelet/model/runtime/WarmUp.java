package dev.tubelet.model.runtime;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.HashMap;
import java.util.Map;

/**
 * One run of a blank batch at the largest batch size, right after a session opens: lazy
 * initialization (cuDNN's algorithm search, TensorRT's engine build for the whole profile) happens
 * here, not on the first real window, and a provider that opens but cannot run fails while the
 * provider selection can still fall back.
 *
 * @param signature what the graph takes
 * @param pixelInput the input the pixels go to
 * @param feed what that input receives
 * @param batch the largest batch the session will run
 * @param graph a classifier, or a detector (which also gets one box per clip)
 */
record WarmUp(ModelSignature signature, String pixelInput, PixelFeed feed, int batch, ModelSession.Graph graph) {

    void run(OrtSession session) throws OrtException {
        ModelSignature s = signature;
        long[] shape = s.layout().shape(batch, s.frames(), s.height(), s.width());
        int elements = batch * s.frames() * 3 * s.height() * s.width();
        ByteBuffer zeros =
                ByteBuffer.allocateDirect(elements * feed.bytesPerValue()).order(ByteOrder.nativeOrder());
        Map<String, OnnxTensor> inputs = new HashMap<>();
        try {
            inputs.put(
                    pixelInput,
                    switch (feed) {
                        case UINT8 ->
                            OnnxTensor.createTensor(OrtEnvironments.shared(), zeros, shape, OnnxJavaType.UINT8);
                        case FLOAT16 ->
                            OnnxTensor.createTensor(
                                    OrtEnvironments.shared(), zeros.asShortBuffer(), shape, OnnxJavaType.FLOAT16);
                        case FLOAT -> OnnxTensor.createTensor(OrtEnvironments.shared(), zeros.asFloatBuffer(), shape);
                    });
            if (graph == ModelSession.Graph.DETECTOR) {
                float[] rois = new float[batch * 5];
                for (int i = 0; i < batch; i++) {
                    rois[i * 5] = i;
                    rois[i * 5 + 3] = s.width();
                    rois[i * 5 + 4] = s.height();
                }
                inputs.put(
                        ClipDetector.ROIS,
                        OnnxTensor.createTensor(
                                OrtEnvironments.shared(), FloatBuffer.wrap(rois), new long[] {batch, 5}));
            }
            try (OrtSession.Result ignored = session.run(inputs)) {
                // only the run matters
            }
        } finally {
            for (OnnxTensor t : inputs.values()) {
                t.close();
            }
        }
    }
}
