package dev.tubelet.model.testmodels;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tubelet.model.graph.SeededWeights;
import dev.tubelet.model.graph.VideoMaeArchitecture;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Writes checkpoints the way PyTorch and the safetensors library do, from the tests' own code:
 * state dicts of float32 tensors (shape + values) as safetensors files, and as {@code torch.save}
 * zip archives with a protocol-2 pickle (persistent ids for storages, {@code _rebuild_tensor_v2}).
 */
public final class CheckpointWriters {
    private CheckpointWriters() {}

    /** A tensor to write: its shape and row-major values. */
    public record Tensor(long[] shape, float[] values) {}

    /** The builder's seeded weights for an architecture, under the original code's names and PyTorch shapes. */
    public static Map<String, Tensor> seededStateDict(VideoMaeArchitecture arch, long seed) {
        return seededStateDict(arch.weightShapes(), seed);
    }

    /** Seeded weights for the given names and PyTorch shapes (a pretraining checkpoint's, say). */
    public static Map<String, Tensor> seededStateDict(Map<String, int[]> shapes, long seed) {
        SeededWeights weights = new SeededWeights(seed);
        Map<String, Tensor> state = new LinkedHashMap<>();
        shapes.forEach((name, shape) -> {
            long[] dims = new long[shape.length];
            for (int i = 0; i < shape.length; i++) {
                dims[i] = shape[i];
            }
            state.put(name, new Tensor(dims, weights.tensor(name, shape)));
        });
        return state;
    }

    /** The same weights under Hugging Face's names, with qkv split into query, key and value. */
    public static Map<String, Tensor> toHuggingFaceNames(Map<String, Tensor> original) {
        Map<String, Tensor> hf = new LinkedHashMap<>();
        original.forEach((name, tensor) -> {
            if (name.startsWith("blocks.")) {
                int dot = name.indexOf('.', 7);
                String layer = "videomae.encoder.layer." + name.substring(7, dot) + ".";
                String part = name.substring(dot + 1);
                if (part.equals("attn.qkv.weight")) {
                    int d = (int) tensor.shape()[1];
                    String[] names = {"query", "key", "value"};
                    for (int i = 0; i < 3; i++) {
                        float[] slice = new float[d * d];
                        System.arraycopy(tensor.values(), i * d * d, slice, 0, d * d);
                        hf.put(
                                layer + "attention.attention." + names[i] + ".weight",
                                new Tensor(new long[] {d, d}, slice));
                    }
                    return;
                }
                String mapped = switch (part) {
                    case "attn.q_bias" -> "attention.attention.q_bias";
                    case "attn.v_bias" -> "attention.attention.v_bias";
                    case "attn.proj.weight" -> "attention.output.dense.weight";
                    case "attn.proj.bias" -> "attention.output.dense.bias";
                    case "mlp.fc1.weight" -> "intermediate.dense.weight";
                    case "mlp.fc1.bias" -> "intermediate.dense.bias";
                    case "mlp.fc2.weight" -> "output.dense.weight";
                    case "mlp.fc2.bias" -> "output.dense.bias";
                    case "norm1.weight" -> "layernorm_before.weight";
                    case "norm1.bias" -> "layernorm_before.bias";
                    case "norm2.weight" -> "layernorm_after.weight";
                    case "norm2.bias" -> "layernorm_after.bias";
                    default -> throw new IllegalArgumentException(name);
                };
                hf.put(layer + mapped, tensor);
            } else {
                String mapped = switch (name) {
                    case "patch_embed.proj.weight" -> "videomae.embeddings.patch_embeddings.projection.weight";
                    case "patch_embed.proj.bias" -> "videomae.embeddings.patch_embeddings.projection.bias";
                    case "norm.weight" -> "videomae.layernorm.weight";
                    case "norm.bias" -> "videomae.layernorm.bias";
                    case "head.weight" -> "classifier.weight";
                    case "head.bias" -> "classifier.bias";
                    default -> name;
                };
                hf.put(mapped, tensor);
            }
        });
        return hf;
    }

    /** Writes a safetensors file: u64 header length, JSON header, little-endian data. */
    public static void safetensors(Path file, Map<String, Tensor> state) throws IOException {
        ObjectNode header = new ObjectMapper().createObjectNode();
        header.putObject("__metadata__").put("format", "pt");
        long offset = 0;
        for (Map.Entry<String, Tensor> e : state.entrySet()) {
            ObjectNode info = header.putObject(e.getKey());
            info.put("dtype", "F32");
            var shape = info.putArray("shape");
            for (long d : e.getValue().shape()) {
                shape.add(d);
            }
            long size = e.getValue().values().length * 4L;
            info.putArray("data_offsets").add(offset).add(offset + size);
            offset += size;
        }
        byte[] json = new ObjectMapper().writeValueAsBytes(header);
        try (OutputStream out = Files.newOutputStream(file)) {
            out.write(ByteBuffer.allocate(8)
                    .order(ByteOrder.LITTLE_ENDIAN)
                    .putLong(json.length)
                    .array());
            out.write(json);
            for (Tensor t : state.values()) {
                ByteBuffer data = ByteBuffer.allocate(t.values().length * 4).order(ByteOrder.LITTLE_ENDIAN);
                data.asFloatBuffer().put(t.values());
                out.write(data.array());
            }
        }
    }

    /**
     * Writes a {@code torch.save} zip checkpoint.
     *
     * @param nestUnder a key to nest the state dict under (as {@code {'model': state_dict}}), or null
     */
    public static void torchZip(Path file, Map<String, Tensor> state, String nestUnder) throws IOException {
        Pickle p = new Pickle();
        p.proto();
        if (nestUnder != null) {
            p.op('}').mark().unicode(nestUnder);
        }
        // collections.OrderedDict() with the _metadata attribute torch sets, then the items
        p.global("collections", "OrderedDict").op(')').op('R');
        p.op('}')
                .mark()
                .unicode("_metadata")
                .global("collections", "OrderedDict")
                .op(')')
                .op('R')
                .op('u')
                .op('b');
        p.mark();
        int key = 0;
        for (Map.Entry<String, Tensor> e : state.entrySet()) {
            p.unicode(e.getKey());
            long[] shape = e.getValue().shape();
            long[] stride = new long[shape.length];
            long s = 1;
            for (int i = shape.length - 1; i >= 0; i--) {
                stride[i] = s;
                s *= shape[i];
            }
            p.global("torch._utils", "_rebuild_tensor_v2").mark();
            p.mark()
                    .unicode("storage")
                    .global("torch", "FloatStorage")
                    .unicode(Integer.toString(key++))
                    .unicode("cpu")
                    .integer(e.getValue().values().length)
                    .op('t')
                    .op('Q');
            p.integer(0)
                    .tuple(shape)
                    .tuple(stride)
                    .op(0x89)
                    .global("collections", "OrderedDict")
                    .op(')')
                    .op('R');
            p.op('t').op('R');
        }
        p.op('u');
        if (nestUnder != null) {
            p.unicode("epoch").integer(42).op('u');
        }
        p.op('.');
        torchZip(file, p.bytes(), state);
    }

    /** Writes a zip in torch.save's layout around a given pickle (for malicious-pickle tests). */
    public static void torchZip(Path file, byte[] pickle, Map<String, Tensor> state) throws IOException {
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(file))) {
            entry(zip, "archive/data.pkl", pickle);
            entry(zip, "archive/byteorder", "little".getBytes(StandardCharsets.US_ASCII));
            int key = 0;
            for (Tensor t : state.values()) {
                ByteBuffer data = ByteBuffer.allocate(t.values().length * 4).order(ByteOrder.LITTLE_ENDIAN);
                data.asFloatBuffer().put(t.values());
                entry(zip, "archive/data/" + (key++), data.array());
            }
            entry(zip, "archive/version", "3\n".getBytes(StandardCharsets.US_ASCII));
        }
    }

    private static void entry(ZipOutputStream zip, String name, byte[] data) throws IOException {
        zip.putNextEntry(new ZipEntry(name));
        zip.write(data);
        zip.closeEntry();
    }

    /** A minimal protocol-2 pickle writer: just the opcodes torch.save uses. */
    public static final class Pickle {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        public Pickle proto() {
            out.write(0x80);
            out.write(2);
            return this;
        }

        public Pickle op(int opcode) {
            out.write(opcode);
            return this;
        }

        public Pickle mark() {
            return op('(');
        }

        public Pickle global(String module, String name) {
            op('c');
            out.writeBytes((module + "\n" + name + "\n").getBytes(StandardCharsets.US_ASCII));
            return this;
        }

        public Pickle unicode(String text) {
            byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
            op('X');
            out.writeBytes(ByteBuffer.allocate(4)
                    .order(ByteOrder.LITTLE_ENDIAN)
                    .putInt(bytes.length)
                    .array());
            out.writeBytes(bytes);
            return this;
        }

        public Pickle integer(long value) {
            op('J');
            out.writeBytes(ByteBuffer.allocate(4)
                    .order(ByteOrder.LITTLE_ENDIAN)
                    .putInt((int) value)
                    .array());
            return this;
        }

        public Pickle tuple(long[] values) {
            mark();
            for (long v : values) {
                integer(v);
            }
            return op('t');
        }

        public byte[] bytes() {
            return out.toByteArray();
        }
    }
}
