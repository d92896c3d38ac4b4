package dev.tubelet.model.runtime.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import ai.onnx.proto.OnnxMl;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.platform.Fp16Conversions;
import dev.tubelet.model.InputLayout;
import dev.tubelet.model.config.PreprocessorConfig;
import dev.tubelet.model.config.ResampleFilter;
import dev.tubelet.model.preprocess.PixelNormalizer;
import java.nio.ByteBuffer;
import java.nio.FloatBuffer;
import java.nio.ShortBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The prologue's arithmetic, value by value: an identity model wrapped with it turns every 8-bit
 * value of every channel into exactly the runtime's table entry, in float32 and float16, for the
 * usual rescale and for one that float32 division cannot reproduce.
 */
class PixelPrologueTest {
    private static final int SIDE = 16;

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(InputLayout.class)
    void theUsualPreprocessingIsBitEqualToTheTables(InputLayout layout) throws Exception {
        PreprocessorConfig config = PreprocessorConfig.videoMaeDefaults(SIDE);
        assertThat(PixelPrologue.divisionBy255IsExact(config)).isTrue();
        assertBitEqual(layout, config, false);
    }

    @Test
    void aRescaleThatFloat32CannotReproduceGoesThroughFloat64() throws Exception {
        PreprocessorConfig odd =
                config(true, 0.00390625 * 1.1, true, new double[] {0.5, 0.25, 0.125}, new double[] {0.3, 0.7, 1.9});
        assertThat(PixelPrologue.divisionBy255IsExact(odd)).isFalse();
        assertBitEqual(InputLayout.BTCHW, odd, false);
    }

    @Test
    void withoutRescaleOrNormalizeItIsACast() throws Exception {
        assertBitEqual(InputLayout.BCTHW, config(false, 1, false, new double[3], new double[] {1, 1, 1}), false);
    }

    @Test
    void aFloat16ModelGetsTheFloat16TableValues() throws Exception {
        assertBitEqual(InputLayout.BTCHW, PreprocessorConfig.videoMaeDefaults(SIDE), true);
    }

    @Test
    void theWrappedModelTakesUint8UnderItsOwnNameAndKeepsItsOtherInputs() throws Exception {
        Path file = identityModel(InputLayout.BTCHW, false);
        OnnxModelFile model = OnnxModelFile.read(file);
        assertThat(model.inputs()).extracting(OnnxModelFile.Value::name).containsExactly("pixel_values", "extra");
        ByteBuffer wrapped =
                PixelPrologue.wrap(model, "pixel_values", InputLayout.BTCHW, PreprocessorConfig.videoMaeDefaults(SIDE));
        Path out = dir.resolve("wrapped.onnx");
        byte[] bytes = new byte[wrapped.remaining()];
        wrapped.get(bytes);
        Files.write(out, bytes);
        OnnxModelFile reread = OnnxModelFile.read(out);
        assertThat(reread.inputs()).extracting(OnnxModelFile.Value::name).containsExactly("pixels_uint8", "extra");
        assertThat(reread.inputs().get(0).elementType()).isEqualTo(OnnxMl.TensorProto.DataType.UINT8_VALUE);
        assertThat(reread.inputs().get(0).dims()).containsExactly(-1, 1, 3, SIDE, SIDE);
        assertThat(reread.outputs()).extracting(OnnxModelFile.Value::name).containsExactly("values", "extra_out");
    }

    private void assertBitEqual(InputLayout layout, PreprocessorConfig config, boolean float16) throws Exception {
        Path file = identityModel(layout, float16);
        ByteBuffer wrapped = PixelPrologue.wrap(OnnxModelFile.read(file), "pixel_values", layout, config);
        // channel c's plane holds 0..255 (16×16 = 256 values)
        ByteBuffer pixels = ByteBuffer.allocateDirect(3 * SIDE * SIDE);
        for (int c = 0; c < 3; c++) {
            for (int v = 0; v < 256; v++) {
                pixels.put((byte) v);
            }
        }
        pixels.flip();
        long[] shape = layout.shape(1, 1, SIDE, SIDE);
        PixelNormalizer tables = new PixelNormalizer(config);
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions so = new OrtSession.SessionOptions();
                OrtSession session = env.createSession(wrapped, so);
                OnnxTensor in = OnnxTensor.createTensor(env, pixels, shape, OnnxJavaType.UINT8);
                OnnxTensor extra = OnnxTensor.createTensor(env, new float[] {1f});
                OrtSession.Result result = session.run(java.util.Map.of(PixelPrologue.PIXELS, in, "extra", extra))) {
            OnnxTensor out = (OnnxTensor) result.get("values").orElseThrow();
            FloatBuffer expectedFloats = FloatBuffer.allocate(3 * 256);
            ShortBuffer expectedHalves = ShortBuffer.allocate(3 * 256);
            var planes = new dev.tubelet.model.preprocess.FramePlanes(SIDE, SIDE, toArray(pixels));
            for (int c = 0; c < 3; c++) {
                tables.writePlane(planes, c, expectedFloats, c * 256);
                tables.writePlane(planes, c, expectedHalves, c * 256);
            }
            if (float16) {
                ShortBuffer got = out.getShortBuffer();
                for (int i = 0; i < 3 * 256; i++) {
                    assertThat(got.get(i))
                            .as("channel %d value %d: %s", i / 256, i % 256, Fp16Conversions.fp16ToFloat(got.get(i)))
                            .isEqualTo(expectedHalves.get(i));
                }
            } else {
                FloatBuffer got = out.getFloatBuffer();
                for (int i = 0; i < 3 * 256; i++) {
                    assertThat(Float.floatToRawIntBits(got.get(i)))
                            .as("channel %d value %d: %s vs %s", i / 256, i % 256, got.get(i), expectedFloats.get(i))
                            .isEqualTo(Float.floatToRawIntBits(expectedFloats.get(i)));
                }
            }
        }
    }

    private static byte[] toArray(ByteBuffer direct) {
        byte[] out = new byte[direct.remaining()];
        direct.duplicate().get(out);
        return out;
    }

    /** pixel_values [batch, 1 frame, 3, 16, 16] (or [batch, 3, 1, 16, 16]) → Identity → values; and an unrelated input. */
    private Path identityModel(InputLayout layout, boolean float16) throws Exception {
        int type = float16 ? OnnxMl.TensorProto.DataType.FLOAT16_VALUE : OnnxMl.TensorProto.DataType.FLOAT_VALUE;
        long[] dims = layout.shape(-1, 1, SIDE, SIDE);
        OnnxMl.GraphProto graph = OnnxMl.GraphProto.newBuilder()
                .setName("identity")
                .addNode(OnnxMl.NodeProto.newBuilder()
                        .setOpType("Identity")
                        .addInput("pixel_values")
                        .addOutput("values"))
                .addNode(OnnxMl.NodeProto.newBuilder()
                        .setOpType("Identity")
                        .addInput("extra")
                        .addOutput("extra_out"))
                .addInput(value("pixel_values", type, dims))
                .addInput(value("extra", OnnxMl.TensorProto.DataType.FLOAT_VALUE, new long[] {1}))
                .addOutput(value("values", type, dims))
                .addOutput(value("extra_out", OnnxMl.TensorProto.DataType.FLOAT_VALUE, new long[] {1}))
                .build();
        OnnxMl.ModelProto model = OnnxMl.ModelProto.newBuilder()
                .setIrVersion(8)
                .setProducerName("test")
                .addOpsetImport(OnnxMl.OperatorSetIdProto.newBuilder().setVersion(17))
                .setGraph(graph)
                .build();
        Path file = dir.resolve("identity-" + layout + (float16 ? "-fp16" : "") + ".onnx");
        Files.write(file, model.toByteArray());
        return file;
    }

    private static OnnxMl.ValueInfoProto value(String name, int type, long[] dims) {
        OnnxMl.TensorShapeProto.Builder shape = OnnxMl.TensorShapeProto.newBuilder();
        for (long d : dims) {
            shape.addDim(
                    d < 0
                            ? OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimParam("batch")
                            : OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimValue(d));
        }
        return OnnxMl.ValueInfoProto.newBuilder()
                .setName(name)
                .setType(OnnxMl.TypeProto.newBuilder()
                        .setTensorType(OnnxMl.TypeProto.Tensor.newBuilder()
                                .setElemType(type)
                                .setShape(shape)))
                .build();
    }

    private static PreprocessorConfig config(
            boolean rescale, double factor, boolean normalize, double[] mean, double[] std) {
        return new PreprocessorConfig(
                true, SIDE, 0, 0, ResampleFilter.BILINEAR, true, SIDE, SIDE, rescale, factor, normalize, mean, std);
    }
}
