package dev.tubelet.model.checkpoint;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads safetensors files, following the format's specification: an unsigned little-endian
 * 64-bit header length N, N bytes of JSON (name → {dtype, shape, data_offsets [begin, end)} relative
 * to the end of the header, plus an optional {@code __metadata__}), then the tensor bytes,
 * little-endian, row-major. Every offset is checked against the file before anything is read.
 */
final class SafetensorsReader {
    /** The specification caps the header at 100 MB. */
    private static final long MAX_HEADER = 100L << 20;

    private SafetensorsReader() {}

    static Map<String, CheckpointTensor> read(Path file) throws IOException {
        String source = file.getFileName().toString();
        long size;
        long headerLength;
        byte[] header;
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            size = channel.size();
            if (size < 8) {
                throw new CheckpointFormatException(
                        source + ": truncated safetensors file (" + size + " bytes, no header)");
            }
            ByteBuffer length = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            readFully(channel, length, 0);
            headerLength = length.getLong(0);
            if (headerLength <= 0 || headerLength > MAX_HEADER || 8 + headerLength > size) {
                throw new CheckpointFormatException(source + ": safetensors header length " + headerLength
                        + " does not fit the file (" + size + " bytes): truncated or not a safetensors file");
            }
            ByteBuffer headerBytes = ByteBuffer.allocate((int) headerLength);
            readFully(channel, headerBytes, 8);
            header = headerBytes.array();
        }
        JsonNode json;
        try {
            json = new ObjectMapper().readTree(header);
        } catch (IOException e) {
            throw new CheckpointFormatException(source + ": the safetensors header is not valid JSON", e);
        }
        if (json == null || !json.isObject()) {
            throw new CheckpointFormatException(source + ": the safetensors header is not a JSON object");
        }
        long dataStart = 8 + headerLength;
        long dataLength = size - dataStart;
        Map<String, CheckpointTensor> tensors = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = json.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            String name = entry.getKey();
            if (name.equals("__metadata__")) {
                continue;
            }
            JsonNode info = entry.getValue();
            TensorDType dtype = dtype(source, name, info.path("dtype").asText());
            JsonNode shapeNode = info.path("shape");
            long[] shape = new long[shapeNode.size()];
            long elements = 1;
            for (int i = 0; i < shape.length; i++) {
                shape[i] = shapeNode.get(i).asLong(-1);
                if (shape[i] < 0) {
                    throw new CheckpointFormatException(source + ": tensor " + name + " has a bad shape " + shapeNode);
                }
                elements *= shape[i];
            }
            JsonNode offsets = info.path("data_offsets");
            long begin = offsets.path(0).asLong(-1);
            long end = offsets.path(1).asLong(-1);
            if (begin < 0 || end < begin || end > dataLength) {
                throw new CheckpointFormatException(source + ": tensor " + name + " lies at bytes [" + begin + ", "
                        + end + ") but the file holds " + dataLength + " bytes of data: truncated");
            }
            if (end - begin != elements * dtype.bytes()) {
                throw new CheckpointFormatException(source + ": tensor " + name + " " + shapeNode + " " + dtype
                        + " needs " + elements * dtype.bytes() + " bytes, its offsets give " + (end - begin));
            }
            if (elements > Integer.MAX_VALUE / 8) {
                throw new CheckpointFormatException(
                        source + ": tensor " + name + " is too large to import (" + elements + " elements)");
            }
            long position = dataStart + begin;
            int length = (int) (end - begin);
            tensors.put(name, new CheckpointTensor(name, dtype, shape, () -> {
                try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
                    ByteBuffer bytes = ByteBuffer.allocate(length);
                    readFully(channel, bytes, position);
                    return bytes.flip();
                }
            }));
        }
        return tensors;
    }

    private static TensorDType dtype(String source, String name, String text) {
        switch (text) {
            case "F32":
                return TensorDType.F32;
            case "F16":
                return TensorDType.F16;
            case "BF16":
                return TensorDType.BF16;
            case "F64":
                return TensorDType.F64;
            default:
                throw new CheckpointFormatException(
                        source + ": tensor " + name + " has dtype " + text + "; expected F32, F16, BF16 or F64");
        }
    }

    private static void readFully(FileChannel channel, ByteBuffer into, long position) throws IOException {
        long at = position;
        while (into.hasRemaining()) {
            int n = channel.read(into, at);
            if (n < 0) {
                throw new CheckpointFormatException("unexpected end of file at byte " + at);
            }
            at += n;
        }
    }
}
