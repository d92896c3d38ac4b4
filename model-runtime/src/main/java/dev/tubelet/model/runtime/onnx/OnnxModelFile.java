package dev.tubelet.model.runtime.onnx;

import ai.onnx.proto.OnnxMl;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.WireFormat;
import dev.tubelet.model.InvalidModelException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An ONNX model file read without ONNX Runtime: its graph's inputs and outputs, default-domain
 * opset, and where its graph lies in the file. The file is memory-mapped and walked field by field,
 * so the weights (hundreds of MB) are skipped, never parsed or copied.
 *
 * <p>What it is for: validating a model where it will not run (a JobManager without the
 * TaskManagers' GPU), sizing TensorRT's shape profiles before a session exists, and wrapping the
 * graph ({@link PixelPrologue}).
 */
public final class OnnxModelFile {
    private static final int MAX_SIZE = Integer.MAX_VALUE - 8;

    /**
     * A graph input or output.
     *
     * @param name its name
     * @param elementType ONNX's {@code TensorProto.DataType} number (1 float, 2 uint8, 10 float16)
     * @param dims its shape, -1 for a symbolic or unknown axis; empty for a non-tensor value
     * @param proto the declaration as written in the file
     */
    public record Value(String name, int elementType, long[] dims, OnnxMl.ValueInfoProto proto) {}

    /** A graph input's declaration and where it lies in the file (its tag included). */
    private record Declared(OnnxMl.ValueInfoProto proto, int start, int end) {}

    private final Path path;
    private final ByteBuffer bytes;
    private final List<Value> inputs;
    private final List<Value> outputs;
    private final long opset;
    private final boolean externalData;
    private final int graphStart;
    private final int graphLength;
    private final Map<String, int[]> inputRanges;

    private OnnxModelFile(
            Path path,
            ByteBuffer bytes,
            List<Value> inputs,
            List<Value> outputs,
            long opset,
            boolean externalData,
            int graphStart,
            int graphLength,
            Map<String, int[]> inputRanges) {
        this.inputRanges = inputRanges;
        this.path = path;
        this.bytes = bytes;
        this.inputs = inputs;
        this.outputs = outputs;
        this.opset = opset;
        this.externalData = externalData;
        this.graphStart = graphStart;
        this.graphLength = graphLength;
    }

    /**
     * @param path an .onnx file
     * @return what its graph takes and gives
     * @throws InvalidModelException when it is not an ONNX model protobuf
     */
    public static OnnxModelFile read(Path path) {
        String source = path.getFileName().toString();
        MappedByteBuffer mapped;
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            if (channel.size() > MAX_SIZE) {
                throw new InvalidModelException(source + ": expected an ONNX file under 2 GB (weights beyond that go "
                        + "in external data files), found " + channel.size() + " bytes");
            }
            mapped = channel.map(FileChannel.MapMode.READ_ONLY, 0, channel.size());
        } catch (IOException e) {
            throw new InvalidModelException(source + ": cannot read it (" + e.getMessage() + ")", e);
        }
        try {
            return walk(path, mapped);
        } catch (IOException | RuntimeException e) {
            if (e instanceof InvalidModelException invalid) {
                throw invalid;
            }
            throw new InvalidModelException(
                    source + ": expected an ONNX model (protobuf ModelProto), found bytes that do not parse as one ("
                            + e.getMessage() + ")",
                    e);
        }
    }

    private static OnnxModelFile walk(Path path, ByteBuffer bytes) throws IOException {
        CodedInputStream in = CodedInputStream.newInstance(bytes.duplicate());
        in.setSizeLimit(MAX_SIZE);
        long opset = 0;
        int graphStart = -1;
        int graphLength = 0;
        List<Declared> declaredInputs = new ArrayList<>();
        List<OnnxMl.ValueInfoProto> declaredOutputs = new ArrayList<>();
        Set<String> initializers = new HashSet<>();
        boolean[] external = {false};
        while (!in.isAtEnd()) {
            int tag = in.readTag();
            int field = WireFormat.getTagFieldNumber(tag);
            if (field == OnnxMl.ModelProto.OPSET_IMPORT_FIELD_NUMBER) {
                OnnxMl.OperatorSetIdProto id = OnnxMl.OperatorSetIdProto.parseFrom(in.readBytes());
                if (id.getDomain().isEmpty() || id.getDomain().equals("ai.onnx")) {
                    opset = id.getVersion();
                }
            } else if (field == OnnxMl.ModelProto.GRAPH_FIELD_NUMBER
                    && WireFormat.getTagWireType(tag) == WireFormat.WIRETYPE_LENGTH_DELIMITED) {
                graphLength = in.readRawVarint32();
                graphStart = in.getTotalBytesRead();
                int limit = in.pushLimit(graphLength);
                walkGraph(in, declaredInputs, declaredOutputs, initializers, external);
                in.popLimit(limit);
            } else {
                in.skipField(tag);
            }
        }
        if (graphStart < 0) {
            throw new InvalidModelException(path.getFileName() + ": expected an ONNX model with a graph, found none");
        }
        List<Value> inputs = new ArrayList<>();
        Map<String, int[]> ranges = new HashMap<>();
        for (Declared d : declaredInputs) {
            // Exporters before IR version 4 list every weight as an input too; ONNX Runtime does not.
            if (!initializers.contains(d.proto().getName())) {
                inputs.add(value(d.proto()));
                ranges.put(d.proto().getName(), new int[] {d.start(), d.end()});
            }
        }
        List<Value> outputs = new ArrayList<>();
        for (OnnxMl.ValueInfoProto v : declaredOutputs) {
            outputs.add(value(v));
        }
        return new OnnxModelFile(
                path,
                bytes,
                List.copyOf(inputs),
                List.copyOf(outputs),
                opset,
                external[0],
                graphStart,
                graphLength,
                ranges);
    }

    private static void walkGraph(
            CodedInputStream in,
            List<Declared> inputs,
            List<OnnxMl.ValueInfoProto> outputs,
            Set<String> initializers,
            boolean[] external)
            throws IOException {
        while (!in.isAtEnd()) {
            int start = in.getTotalBytesRead();
            int tag = in.readTag();
            switch (WireFormat.getTagFieldNumber(tag)) {
                case OnnxMl.GraphProto.INPUT_FIELD_NUMBER -> {
                    OnnxMl.ValueInfoProto v = OnnxMl.ValueInfoProto.parseFrom(in.readBytes());
                    inputs.add(new Declared(v, start, in.getTotalBytesRead()));
                }
                case OnnxMl.GraphProto.OUTPUT_FIELD_NUMBER ->
                    outputs.add(OnnxMl.ValueInfoProto.parseFrom(in.readBytes()));
                case OnnxMl.GraphProto.INITIALIZER_FIELD_NUMBER -> {
                    int length = in.readRawVarint32();
                    int limit = in.pushLimit(length);
                    walkInitializer(in, initializers, external);
                    in.popLimit(limit);
                }
                default -> in.skipField(tag);
            }
        }
    }

    /** Reads a weight's name and where its data lies, skipping the data. */
    private static void walkInitializer(CodedInputStream in, Set<String> initializers, boolean[] external)
            throws IOException {
        while (!in.isAtEnd()) {
            int tag = in.readTag();
            switch (WireFormat.getTagFieldNumber(tag)) {
                case OnnxMl.TensorProto.NAME_FIELD_NUMBER -> initializers.add(in.readStringRequireUtf8());
                case OnnxMl.TensorProto.DATA_LOCATION_FIELD_NUMBER -> {
                    if (in.readEnum() == OnnxMl.TensorProto.DataLocation.EXTERNAL_VALUE) {
                        external[0] = true;
                    }
                }
                default -> in.skipField(tag);
            }
        }
    }

    private static Value value(OnnxMl.ValueInfoProto v) {
        if (!v.getType().hasTensorType()) {
            return new Value(v.getName(), 0, new long[0], v);
        }
        OnnxMl.TypeProto.Tensor tensor = v.getType().getTensorType();
        long[] dims = new long[tensor.getShape().getDimCount()];
        for (int i = 0; i < dims.length; i++) {
            OnnxMl.TensorShapeProto.Dimension d = tensor.getShape().getDim(i);
            dims[i] = d.hasDimValue() ? d.getDimValue() : -1;
        }
        return new Value(v.getName(), tensor.getElemType(), dims, v);
    }

    /** @return the file */
    public Path path() {
        return path;
    }

    /** @return the graph's inputs that are fed at run time (weights listed as inputs left out) */
    public List<Value> inputs() {
        return inputs;
    }

    /** @return the graph's outputs */
    public List<Value> outputs() {
        return outputs;
    }

    /** @return the version of the default ONNX operator set the model imports, 0 when none is stated */
    public long opset() {
        return opset;
    }

    /** @return whether weights live in external data files beside the model */
    public boolean usesExternalData() {
        return externalData;
    }

    /** @return the whole file, read-only */
    ByteBuffer bytes() {
        return bytes.asReadOnlyBuffer();
    }

    /**
     * @param name a graph input
     * @return where its declaration lies in the file, tag included: {start, end}
     */
    int[] inputRange(String name) {
        int[] range = inputRanges.get(name);
        if (range == null) {
            throw new IllegalArgumentException("no graph input named '" + name + "'");
        }
        return range.clone();
    }

    /** @return where the graph's bytes start in the file */
    int graphStart() {
        return graphStart;
    }

    /** @return how many bytes the graph has */
    int graphLength() {
        return graphLength;
    }
}
