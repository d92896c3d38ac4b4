package dev.tubelet.model.testmodels;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import ai.onnxruntime.platform.Fp16Conversions;
import java.nio.FloatBuffer;
import java.nio.ShortBuffer;
import java.nio.file.Path;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Runs a written {@code model.onnx} with ONNX Runtime itself, not Tubelet's runtime: the graph
 * builder and the checkpoint import are checked by what their graphs compute, on their own.
 */
public final class GraphRuns {
    private GraphRuns() {}

    /**
     * @param modelDir a model directory
     * @param seed the clip's seed: the same seed gives the same clip in either input layout
     * @return the logits of one clip of seeded normalized pixels (batch 1)
     */
    public static float[] logits(Path modelDir, long seed) throws OrtException {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession session =
                env.createSession(modelDir.resolve("model.onnx").toString(), new OrtSession.SessionOptions())) {
            String name = session.getInputNames().iterator().next();
            TensorInfo info = (TensorInfo) session.getInputInfo().get(name).getInfo();
            long[] shape = info.getShape().clone();
            shape[0] = 1;
            boolean channelsFirst = shape[1] == 3; // [B, 3, T, H, W] (original code) or [B, T, 3, H, W] (Hugging Face)
            int frames = (int) (channelsFirst ? shape[2] : shape[1]);
            int height = (int) shape[3];
            int width = (int) shape[4];
            float[] values = new float[frames * 3 * height * width];
            SplittableRandom random = new SplittableRandom(seed);
            for (int t = 0; t < frames; t++) {
                for (int c = 0; c < 3; c++) {
                    for (int p = 0; p < height * width; p++) {
                        int index = channelsFirst
                                ? (c * frames + t) * height * width + p
                                : (t * 3 + c) * height * width + p;
                        values[index] = (float) (random.nextDouble() * 4 - 2);
                    }
                }
            }
            try (OnnxTensor input = tensor(env, values, shape, info.type == OnnxJavaType.FLOAT16);
                    OrtSession.Result result = session.run(Map.of(name, input))) {
                OnnxTensor output = (OnnxTensor) result.get(0);
                if (output.getInfo().type == OnnxJavaType.FLOAT16) {
                    ShortBuffer halves = output.getShortBuffer();
                    float[] out = new float[halves.remaining()];
                    for (int i = 0; i < out.length; i++) {
                        out[i] = Fp16Conversions.fp16ToFloat(halves.get(i));
                    }
                    return out;
                }
                FloatBuffer floats = output.getFloatBuffer();
                float[] out = new float[floats.remaining()];
                floats.get(out);
                return out;
            }
        }
    }

    private static OnnxTensor tensor(OrtEnvironment env, float[] values, long[] shape, boolean float16)
            throws OrtException {
        if (!float16) {
            return OnnxTensor.createTensor(env, FloatBuffer.wrap(values), shape);
        }
        ShortBuffer halves = ShortBuffer.allocate(values.length);
        for (float v : values) {
            halves.put(Fp16Conversions.floatToFp16(v));
        }
        halves.flip();
        return OnnxTensor.createTensor(env, halves, shape, OnnxJavaType.FLOAT16);
    }
}
