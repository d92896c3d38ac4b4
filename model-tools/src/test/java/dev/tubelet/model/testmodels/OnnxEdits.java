package dev.tubelet.model.testmodels;

import ai.onnx.proto.OnnxMl;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** Rewrites the declared shapes of a model's input and output, to make models that real exports look like. */
public final class OnnxEdits {
    private OnnxEdits() {}

    /**
     * @param model a model file
     * @param out where to write the edited copy
     * @param inputDims one entry per input axis: a number fixes it, a string makes it symbolic, null keeps it
     * @param outputBatch a number fixes the output's batch axis, null keeps it
     */
    public static void reshape(Path model, Path out, Object[] inputDims, Long outputBatch) throws IOException {
        OnnxMl.ModelProto proto;
        try (InputStream in = Files.newInputStream(model)) {
            proto = OnnxMl.ModelProto.parseFrom(in);
        }
        OnnxMl.ModelProto.Builder builder = proto.toBuilder();
        OnnxMl.GraphProto.Builder graph = builder.getGraphBuilder();
        OnnxMl.TensorShapeProto.Builder shape =
                graph.getInputBuilder(0).getTypeBuilder().getTensorTypeBuilder().getShapeBuilder();
        for (int i = 0; i < inputDims.length; i++) {
            if (inputDims[i] instanceof Number) {
                shape.setDim(
                        i,
                        OnnxMl.TensorShapeProto.Dimension.newBuilder()
                                .setDimValue(((Number) inputDims[i]).longValue()));
            } else if (inputDims[i] instanceof String) {
                shape.setDim(i, OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimParam((String) inputDims[i]));
            }
        }
        if (outputBatch != null) {
            graph.getOutputBuilder(0)
                    .getTypeBuilder()
                    .getTensorTypeBuilder()
                    .getShapeBuilder()
                    .setDim(0, OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimValue(outputBatch));
        }
        Files.createDirectories(out.getParent());
        try (OutputStream o = Files.newOutputStream(out)) {
            builder.build().writeTo(o);
        }
    }

    /** A model that is not a clip classifier: {@code y = Identity(x)} with the given input shape. */
    public static void identity(Path out, String input, long[] inputShape, String output, long[] outputShape)
            throws IOException {
        OnnxMl.GraphProto graph = OnnxMl.GraphProto.newBuilder()
                .setName("identity")
                .addNode(OnnxMl.NodeProto.newBuilder()
                        .setOpType("Identity")
                        .addInput(input)
                        .addOutput(output))
                .addInput(valueInfo(input, inputShape))
                .addOutput(valueInfo(output, outputShape))
                .build();
        OnnxMl.ModelProto model = OnnxMl.ModelProto.newBuilder()
                .setIrVersion(8)
                .addOpsetImport(OnnxMl.OperatorSetIdProto.newBuilder().setVersion(17))
                .setGraph(graph)
                .build();
        Files.createDirectories(out.getParent());
        try (OutputStream o = Files.newOutputStream(out)) {
            model.writeTo(o);
        }
    }

    private static OnnxMl.ValueInfoProto valueInfo(String name, long[] dims) {
        OnnxMl.TensorShapeProto.Builder shape = OnnxMl.TensorShapeProto.newBuilder();
        for (long d : dims) {
            shape.addDim(
                    d < 0
                            ? OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimParam("d" + shape.getDimCount())
                            : OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimValue(d));
        }
        return OnnxMl.ValueInfoProto.newBuilder()
                .setName(name)
                .setType(OnnxMl.TypeProto.newBuilder()
                        .setTensorType(OnnxMl.TypeProto.Tensor.newBuilder()
                                .setElemType(1)
                                .setShape(shape)))
                .build();
    }
}
