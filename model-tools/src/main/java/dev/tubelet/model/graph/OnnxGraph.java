package dev.tubelet.model.graph;

import ai.onnx.proto.OnnxMl;
import com.google.protobuf.ByteString;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * A small writer of ONNX graphs over the ONNX protobuf classes: nodes with generated output
 * names, float initializers (inline, or appended to an external data file when the model would
 * pass protobuf's 2 GB limit), and graph inputs and outputs with a symbolic batch axis.
 */
final class OnnxGraph implements AutoCloseable {
    static final int FLOAT = OnnxMl.TensorProto.DataType.FLOAT.getNumber();
    static final int FLOAT16 = OnnxMl.TensorProto.DataType.FLOAT16.getNumber();
    static final int INT64 = OnnxMl.TensorProto.DataType.INT64.getNumber();

    private final OnnxMl.GraphProto.Builder graph = OnnxMl.GraphProto.newBuilder();
    private final boolean float16Weights;
    private final java.util.Set<String> domains = new java.util.LinkedHashSet<>();
    private final java.util.Set<String> initializers = new java.util.HashSet<>();
    private final FileChannel external;
    private final String externalName;
    private long externalOffset;
    private int counter;

    /**
     * @param name graph name
     * @param float16Weights store float weights as float16, for a graph that computes in float16
     * @param externalData file for the weights, or null to keep them inside the model file
     */
    OnnxGraph(String name, boolean float16Weights, Path externalData) throws IOException {
        graph.setName(name);
        this.float16Weights = float16Weights;
        if (externalData != null) {
            this.external = FileChannel.open(
                    externalData,
                    StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING);
            this.externalName = externalData.getFileName().toString();
        } else {
            this.external = null;
            this.externalName = null;
        }
    }

    /** Adds a node and returns its (single) output's name. */
    String node(String op, List<OnnxMl.AttributeProto> attributes, String... inputs) {
        String output = op.toLowerCase(java.util.Locale.ROOT) + "_" + (counter++);
        OnnxMl.NodeProto.Builder node = OnnxMl.NodeProto.newBuilder()
                .setOpType(op)
                .setName(output + "_node")
                .addOutput(output);
        for (String input : inputs) {
            node.addInput(input);
        }
        node.addAllAttribute(attributes);
        graph.addNode(node);
        return output;
    }

    String node(String op, String... inputs) {
        return node(op, List.of(), inputs);
    }

    /** Splits {@code x} on its last axis into {@code parts} outputs of the sizes in {@code sizes} (an int64 initializer). */
    String[] split(String x, String sizes, int parts) {
        String base = "split_" + (counter++);
        OnnxMl.NodeProto.Builder node = OnnxMl.NodeProto.newBuilder()
                .setOpType("Split")
                .setName(base + "_node")
                .addInput(x)
                .addInput(sizes)
                .addAttribute(integer("axis", -1));
        String[] outputs = new String[parts];
        for (int i = 0; i < parts; i++) {
            outputs[i] = base + "_" + i;
            node.addOutput(outputs[i]);
        }
        graph.addNode(node);
        return outputs;
    }

    /** Adds a node of another operator domain (ONNX Runtime's {@code com.microsoft} contrib ops). */
    String node(String domain, String op, List<OnnxMl.AttributeProto> attributes, String... inputs) {
        String output = node(op, attributes, inputs);
        int last = graph.getNodeCount() - 1;
        graph.setNode(last, graph.getNode(last).toBuilder().setDomain(domain));
        domains.add(domain);
        return output;
    }

    /** Renames the output of the last node added (for graph outputs such as {@code logits}). */
    void renameLastOutput(String name) {
        int last = graph.getNodeCount() - 1;
        graph.setNode(last, graph.getNode(last).toBuilder().setOutput(0, name));
    }

    static OnnxMl.AttributeProto ints(String name, long... values) {
        OnnxMl.AttributeProto.Builder a =
                OnnxMl.AttributeProto.newBuilder().setName(name).setType(OnnxMl.AttributeProto.AttributeType.INTS);
        for (long v : values) {
            a.addInts(v);
        }
        return a.build();
    }

    static OnnxMl.AttributeProto integer(String name, long value) {
        return OnnxMl.AttributeProto.newBuilder()
                .setName(name)
                .setType(OnnxMl.AttributeProto.AttributeType.INT)
                .setI(value)
                .build();
    }

    static OnnxMl.AttributeProto text(String name, String value) {
        return OnnxMl.AttributeProto.newBuilder()
                .setName(name)
                .setType(OnnxMl.AttributeProto.AttributeType.STRING)
                .setS(ByteString.copyFromUtf8(value))
                .build();
    }

    static OnnxMl.AttributeProto real(String name, float value) {
        return OnnxMl.AttributeProto.newBuilder()
                .setName(name)
                .setType(OnnxMl.AttributeProto.AttributeType.FLOAT)
                .setF(value)
                .build();
    }

    /** Adds int64 constant data (shapes, indices); always inline. */
    String int64s(String name, long[] dims, long... values) {
        ByteBuffer bytes = ByteBuffer.allocate(values.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        for (long v : values) {
            bytes.putLong(v);
        }
        bytes.flip();
        OnnxMl.TensorProto.Builder t =
                OnnxMl.TensorProto.newBuilder().setName(name).setDataType(INT64).setRawData(ByteString.copyFrom(bytes));
        for (long d : dims) {
            t.addDims(d);
        }
        graph.addInitializer(t);
        initializers.add(name);
        return name;
    }

    /** Adds a float32 scalar constant (always inline, always float32). */
    String floatScalar(String name, float value) {
        ByteBuffer bytes = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putFloat(value);
        bytes.flip();
        graph.addInitializer(OnnxMl.TensorProto.newBuilder()
                .setName(name)
                .setDataType(FLOAT)
                .setRawData(ByteString.copyFrom(bytes)));
        initializers.add(name);
        return name;
    }

    /** Adds a scalar constant of the graph's compute type (float16 or float32). */
    String scalar(String name, float value) {
        if (!float16Weights) {
            return floatScalar(name, value);
        }
        ByteBuffer bytes = ByteBuffer.allocate(2)
                .order(ByteOrder.LITTLE_ENDIAN)
                .putShort(ai.onnxruntime.platform.Fp16Conversions.floatToFp16(value));
        bytes.flip();
        graph.addInitializer(OnnxMl.TensorProto.newBuilder()
                .setName(name)
                .setDataType(FLOAT16)
                .setRawData(ByteString.copyFrom(bytes)));
        initializers.add(name);
        return name;
    }

    /** Adds a float weight of the graph's compute type: float16 weights feed float16 nodes directly. */
    String weight(String name, long[] dims, float[] values) throws IOException {
        return weight(name, dims, values, float16Weights);
    }

    /** Adds a float weight kept in float32 whatever the graph computes in (the head, fc_norm). */
    String weight32(String name, long[] dims, float[] values) throws IOException {
        return weight(name, dims, values, false);
    }

    private String weight(String name, long[] dims, float[] values, boolean half) throws IOException {
        ByteBuffer bytes;
        if (half) {
            bytes = ByteBuffer.allocate(values.length * 2).order(ByteOrder.LITTLE_ENDIAN);
            for (float v : values) {
                bytes.putShort(ai.onnxruntime.platform.Fp16Conversions.floatToFp16(v));
            }
        } else {
            bytes = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
            bytes.asFloatBuffer().put(values);
        }
        bytes.position(0);
        OnnxMl.TensorProto.Builder t =
                OnnxMl.TensorProto.newBuilder().setName(name).setDataType(half ? FLOAT16 : FLOAT);
        for (long d : dims) {
            t.addDims(d);
        }
        if (external != null) {
            long length = bytes.remaining();
            while (bytes.hasRemaining()) {
                external.write(bytes);
            }
            t.setDataLocation(OnnxMl.TensorProto.DataLocation.EXTERNAL);
            t.addExternalData(entry("location", externalName));
            t.addExternalData(entry("offset", Long.toString(externalOffset)));
            t.addExternalData(entry("length", Long.toString(length)));
            externalOffset += length;
        } else {
            t.setRawData(ByteString.copyFrom(bytes));
        }
        graph.addInitializer(t);
        initializers.add(name);
        return name;
    }

    /** @return whether an initializer of that name was added (weights shared by two subgraphs are added once) */
    boolean has(String name) {
        return initializers.contains(name);
    }

    private static OnnxMl.StringStringEntryProto entry(String key, String value) {
        return OnnxMl.StringStringEntryProto.newBuilder()
                .setKey(key)
                .setValue(value)
                .build();
    }

    /** Declares a graph input or output: {@code dims} of -1 become the symbolic {@code batch} axis. */
    static OnnxMl.ValueInfoProto valueInfo(String name, int elemType, long... dims) {
        return valueInfo(name, elemType, new String[0], dims);
    }

    /**
     * Declares a graph input or output; a dimension of -1 gets the symbolic name at its index in
     * {@code dimNames} when there is one, else {@code batch}.
     */
    static OnnxMl.ValueInfoProto valueInfo(String name, int elemType, String[] dimNames, long... dims) {
        OnnxMl.TensorShapeProto.Builder shape = OnnxMl.TensorShapeProto.newBuilder();
        for (int i = 0; i < dims.length; i++) {
            long d = dims[i];
            OnnxMl.TensorShapeProto.Dimension.Builder dim = OnnxMl.TensorShapeProto.Dimension.newBuilder();
            if (d < 0) {
                dim.setDimParam(i < dimNames.length && dimNames[i] != null ? dimNames[i] : "batch");
            } else {
                dim.setDimValue(d);
            }
            shape.addDim(dim);
        }
        return OnnxMl.ValueInfoProto.newBuilder()
                .setName(name)
                .setType(OnnxMl.TypeProto.newBuilder()
                        .setTensorType(OnnxMl.TypeProto.Tensor.newBuilder()
                                .setElemType(elemType)
                                .setShape(shape)))
                .build();
    }

    void input(OnnxMl.ValueInfoProto info) {
        graph.addInput(info);
    }

    void output(OnnxMl.ValueInfoProto info) {
        graph.addOutput(info);
    }

    /**
     * Writes the model: IR version 8, default domain at the given opset.
     *
     * @param out where to write the model file
     * @param opset the ONNX opset
     */
    void writeModel(OutputStream out, int opset, String docString) throws IOException {
        OnnxMl.ModelProto model = OnnxMl.ModelProto.newBuilder()
                .setIrVersion(8)
                .setProducerName("tubelet")
                .setProducerVersion("0.1")
                .setDocString(docString)
                .addOpsetImport(
                        OnnxMl.OperatorSetIdProto.newBuilder().setDomain("").setVersion(opset))
                .addAllOpsetImport(domains.stream()
                        .map(d -> OnnxMl.OperatorSetIdProto.newBuilder()
                                .setDomain(d)
                                .setVersion(1)
                                .build())
                        .toList())
                .setGraph(graph)
                .build();
        model.writeTo(out);
    }

    @Override
    public void close() throws IOException {
        if (external != null) {
            external.close();
        }
    }
}
