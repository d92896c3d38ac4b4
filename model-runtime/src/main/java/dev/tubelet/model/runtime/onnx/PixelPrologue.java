package dev.tubelet.model.runtime.onnx;

import ai.onnx.proto.OnnxMl;
import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.WireFormat;
import dev.tubelet.model.InputLayout;
import dev.tubelet.model.config.PreprocessorConfig;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Wraps a model so that it takes the window's 8-bit planes ({@code uint8}, the same shape and
 * layout as its float input) and rescales and normalizes them itself: Cast, then the rescale, Sub
 * mean and Div std per channel, then a Cast to float16 for a float16 model. Filling a batch then
 * is a bulk copy, and a GPU receives a quarter of the bytes.
 *
 * <p>The arithmetic is that of {@link dev.tubelet.model.preprocess.PixelNormalizer}'s tables,
 * operation for operation in float32, so the logits are bit-equal to the float path's: the rescale
 * is a float32 division by 255 when that equals Hugging Face's float64 product for every value
 * (it does for the usual factor 1/255), else a float64 multiply cast to float32, as numpy does.
 *
 * <p>The wrapped model is written into a direct buffer: the original graph's bytes are copied
 * around the prologue (its nodes first, so the node order stays topological) and the float
 * input's declaration is left out; the weights are never parsed.
 */
public final class PixelPrologue {
    /** The wrapped model's pixel input. */
    public static final String PIXELS = "pixels_uint8";

    private static final int FLOAT = OnnxMl.TensorProto.DataType.FLOAT_VALUE;
    private static final int UINT8 = OnnxMl.TensorProto.DataType.UINT8_VALUE;
    private static final int DOUBLE = OnnxMl.TensorProto.DataType.DOUBLE_VALUE;
    private static final int FLOAT16 = OnnxMl.TensorProto.DataType.FLOAT16_VALUE;
    /** Sub and Div broadcasting by trailing axes came with opset 7. */
    private static final long MIN_OPSET = 7;

    private PixelPrologue() {}

    /**
     * @param file the model
     * @param inputName its float pixel input
     * @return why the model cannot be wrapped, or empty when it can
     */
    public static Optional<String> unsupported(OnnxModelFile file, String inputName) {
        if (file.opset() > 0 && file.opset() < MIN_OPSET) {
            return Optional.of("it imports ONNX opset " + file.opset() + ", the prologue needs " + MIN_OPSET);
        }
        for (OnnxModelFile.Value v : file.inputs()) {
            if (v.name().equals(PIXELS)) {
                return Optional.of("it already has an input named " + PIXELS);
            }
            if (v.name().equals(inputName) && v.elementType() != FLOAT && v.elementType() != FLOAT16) {
                return Optional.of("its input " + inputName + " is not float32 or float16");
            }
        }
        return Optional.empty();
    }

    /**
     * @param file the model
     * @param inputName its float pixel input, which becomes an internal tensor
     * @param layout where the channel axis is
     * @param config rescale and normalization
     * @return the wrapped model, in a direct buffer
     */
    public static ByteBuffer wrap(OnnxModelFile file, String inputName, InputLayout layout, PreprocessorConfig config) {
        OnnxModelFile.Value input = file.inputs().stream()
                .filter(v -> v.name().equals(inputName))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("the model has no input " + inputName));
        byte[] prologue = prologue(input, layout, config).toByteArray();

        ByteBuffer src = file.bytes();
        int graphStart = file.graphStart();
        int graphEnd = graphStart + file.graphLength();
        int prefixStart = graphStart
                - CodedOutputStream.computeTagSize(OnnxMl.ModelProto.GRAPH_FIELD_NUMBER)
                - CodedOutputStream.computeUInt32SizeNoTag(file.graphLength());
        int[] removed = file.inputRange(inputName);
        int newGraphLength = prologue.length + file.graphLength() - (removed[1] - removed[0]);
        int tagAndLength = CodedOutputStream.computeTagSize(OnnxMl.ModelProto.GRAPH_FIELD_NUMBER)
                + CodedOutputStream.computeUInt32SizeNoTag(newGraphLength);
        int total = prefixStart + tagAndLength + newGraphLength + (src.capacity() - graphEnd);
        ByteBuffer out = ByteBuffer.allocateDirect(total).order(ByteOrder.LITTLE_ENDIAN);
        out.put(src.duplicate().limit(prefixStart).position(0));
        byte[] head = new byte[tagAndLength];
        CodedOutputStream header = CodedOutputStream.newInstance(head);
        try {
            header.writeTag(OnnxMl.ModelProto.GRAPH_FIELD_NUMBER, WireFormat.WIRETYPE_LENGTH_DELIMITED);
            header.writeUInt32NoTag(newGraphLength);
            header.flush();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e); // an array of the computed size cannot overflow
        }
        out.put(head);
        out.put(prologue);
        out.put(src.duplicate().limit(removed[0]).position(graphStart));
        out.put(src.duplicate().limit(graphEnd).position(removed[1]));
        out.put(src.duplicate().limit(src.capacity()).position(graphEnd));
        return out.flip();
    }

    /** The prologue as graph fields: its nodes and the uint8 input. */
    private static OnnxMl.GraphProto prologue(OnnxModelFile.Value input, InputLayout layout, PreprocessorConfig cfg) {
        long[] channelShape = layout == InputLayout.BTCHW ? new long[] {3, 1, 1} : new long[] {3, 1, 1, 1};
        List<OnnxMl.NodeProto> nodes = new ArrayList<>();
        String x = cast(nodes, PIXELS, FLOAT, "cast");
        if (cfg.doRescale()) {
            if (divisionBy255IsExact(cfg)) {
                x = binary(nodes, "Div", x, constant(nodes, "rescale", FLOAT, new long[0], 255.0), "rescale");
            } else {
                String wide = cast(nodes, PIXELS, DOUBLE, "cast_double");
                String scaled = binary(
                        nodes,
                        "Mul",
                        wide,
                        constant(nodes, "rescale", DOUBLE, new long[0], cfg.rescaleFactor()),
                        "rescale");
                x = cast(nodes, scaled, FLOAT, "cast_rescaled");
            }
        }
        if (cfg.doNormalize()) {
            x = binary(nodes, "Sub", x, constant(nodes, "mean", FLOAT, channelShape, cfg.imageMean()), "sub_mean");
            x = binary(nodes, "Div", x, constant(nodes, "std", FLOAT, channelShape, cfg.imageStd()), "div_std");
        }
        if (input.elementType() == FLOAT16) {
            x = cast(nodes, x, FLOAT16, "cast_float16");
        }
        // The last node writes the tensor the model's own nodes read.
        int last = nodes.size() - 1;
        if (x.equals(PIXELS)) {
            nodes.add(node("Identity", List.of(PIXELS), "identity", List.of()));
            last++;
        }
        nodes.set(last, nodes.get(last).toBuilder().setOutput(0, input.name()).build());

        OnnxMl.ValueInfoProto.Builder pixels = input.proto().toBuilder().setName(PIXELS);
        pixels.getTypeBuilder().getTensorTypeBuilder().setElemType(UINT8);
        return OnnxMl.GraphProto.newBuilder().addAllNode(nodes).addInput(pixels).build();
    }

    /**
     * Whether {@code float32(v) / 255f} equals {@code float32(v * rescale_factor)} (float64 product) for
     * every 8-bit value: then the graph can stay in float32.
     */
    static boolean divisionBy255IsExact(PreprocessorConfig cfg) {
        for (int v = 0; v < 256; v++) {
            if (Float.floatToRawIntBits((float) v / 255f)
                    != Float.floatToRawIntBits((float) (v * cfg.rescaleFactor()))) {
                return false;
            }
        }
        return true;
    }

    private static String cast(List<OnnxMl.NodeProto> nodes, String in, int to, String name) {
        OnnxMl.AttributeProto attr = OnnxMl.AttributeProto.newBuilder()
                .setName("to")
                .setType(OnnxMl.AttributeProto.AttributeType.INT)
                .setI(to)
                .build();
        return add(nodes, node("Cast", List.of(in), name, List.of(attr)));
    }

    private static String binary(List<OnnxMl.NodeProto> nodes, String op, String a, String b, String name) {
        return add(nodes, node(op, List.of(a, b), name, List.of()));
    }

    private static String constant(List<OnnxMl.NodeProto> nodes, String name, int type, long[] dims, double... values) {
        OnnxMl.TensorProto.Builder t =
                OnnxMl.TensorProto.newBuilder().setDataType(type).setName(name);
        for (long d : dims) {
            t.addDims(d);
        }
        ByteBuffer raw =
                ByteBuffer.allocate(values.length * (type == DOUBLE ? 8 : 4)).order(ByteOrder.LITTLE_ENDIAN);
        for (double v : values) {
            if (type == DOUBLE) {
                raw.putDouble(v);
            } else {
                raw.putFloat((float) v);
            }
        }
        t.setRawData(ByteString.copyFrom(raw.flip()));
        OnnxMl.AttributeProto attr = OnnxMl.AttributeProto.newBuilder()
                .setName("value")
                .setType(OnnxMl.AttributeProto.AttributeType.TENSOR)
                .setT(t)
                .build();
        return add(nodes, node("Constant", List.of(), "const_" + name, List.of(attr)));
    }

    private static OnnxMl.NodeProto node(
            String op, List<String> inputs, String name, List<OnnxMl.AttributeProto> attributes) {
        String qualified = "tubelet_prologue/" + name;
        return OnnxMl.NodeProto.newBuilder()
                .setOpType(op)
                .setName(qualified)
                .addAllInput(inputs)
                .addOutput(qualified)
                .addAllAttribute(attributes)
                .build();
    }

    private static String add(List<OnnxMl.NodeProto> nodes, OnnxMl.NodeProto node) {
        nodes.add(node);
        return node.getOutput(0);
    }
}
