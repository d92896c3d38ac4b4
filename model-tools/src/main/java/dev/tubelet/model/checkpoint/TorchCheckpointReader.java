package dev.tubelet.model.checkpoint;

import dev.tubelet.model.checkpoint.RestrictedUnpickler.TorchTensor;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import net.razorvine.pickle.PickleException;

/**
 * Reads PyTorch's zip checkpoint format ({@code torch.save} since 1.6): {@code <archive>/data.pkl}
 * holds the pickled object, whose tensors point by persistent id into {@code <archive>/data/<key>}
 * storages. The pickle is read by {@link RestrictedUnpickler}; the state dict is found at the top
 * level or under {@code model}, {@code module} or {@code state_dict}.
 */
final class TorchCheckpointReader {
    private static final List<String> NESTING_KEYS = List.of("model", "module", "state_dict", "model_state");

    private TorchCheckpointReader() {}

    static Map<String, CheckpointTensor> read(Path file) throws IOException {
        String source = file.getFileName().toString();
        String prefix;
        Object root;
        try (ZipFile zip = new ZipFile(file.toFile())) {
            ZipEntry pickle = findPickle(zip, source);
            prefix = pickle.getName().substring(0, pickle.getName().length() - "data.pkl".length());
            ZipEntry byteOrder = zip.getEntry(prefix + "byteorder");
            if (byteOrder != null) {
                try (InputStream in = zip.getInputStream(byteOrder)) {
                    String order = new String(in.readAllBytes(), StandardCharsets.US_ASCII).strip();
                    if (!order.equals("little")) {
                        throw new CheckpointFormatException(
                                source + ": saved on a " + order + "-endian machine; expected little-endian");
                    }
                }
            }
            String storagePrefix = prefix + "data/";
            RestrictedUnpickler unpickler = new RestrictedUnpickler(source, (dtype, key, elements) -> {
                ZipEntry entry = zip.getEntry(storagePrefix + key);
                if (entry == null) {
                    throw new CheckpointFormatException(
                            source + ": storage " + key + " is missing from the archive: truncated?");
                }
                if (entry.getSize() >= 0 && entry.getSize() < elements * dtype.bytes()) {
                    throw new CheckpointFormatException(source + ": storage " + key + " holds " + entry.getSize()
                            + " bytes, its tensors need " + elements * dtype.bytes() + ": truncated");
                }
                return new TorchStorage(dtype, entry.getName(), elements);
            });
            try (InputStream in = zip.getInputStream(pickle)) {
                root = unpickler.load(in);
            } catch (PickleException e) {
                Throwable cause = e.getCause();
                if (cause instanceof CheckpointFormatException) {
                    throw (CheckpointFormatException) cause;
                }
                throw new CheckpointFormatException(
                        source + ": cannot read the pickled checkpoint (" + e.getMessage() + ")", e);
            }
        } catch (ZipException e) {
            throw new CheckpointFormatException(
                    source + ": not a readable PyTorch zip checkpoint (" + e.getMessage()
                            + "): truncated, or saved with the legacy format (re-save it with torch.save on PyTorch 1.6 or later)",
                    e);
        }
        return tensors(file, source, stateDict(root, source));
    }

    private static ZipEntry findPickle(ZipFile zip, String source) {
        List<ZipEntry> pickles = new ArrayList<>();
        for (Enumeration<? extends ZipEntry> entries = zip.entries(); entries.hasMoreElements(); ) {
            ZipEntry entry = entries.nextElement();
            String name = entry.getName();
            if (name.endsWith("/data.pkl") && name.indexOf('/') == name.length() - "/data.pkl".length()) {
                pickles.add(entry);
            }
        }
        if (pickles.size() != 1) {
            throw new CheckpointFormatException(
                    source + ": expected one <archive>/data.pkl in the zip (a torch.save checkpoint), found "
                            + pickles.size());
        }
        return pickles.get(0);
    }

    private static Map<?, ?> stateDict(Object root, String source) {
        Object current = root;
        for (int depth = 0; depth < 4 && current instanceof Map; depth++) {
            Map<?, ?> map = (Map<?, ?>) current;
            if (map.values().stream().anyMatch(v -> v instanceof TorchTensor)) {
                return map;
            }
            Object nested = null;
            for (String key : NESTING_KEYS) {
                if (map.get(key) instanceof Map) {
                    nested = map.get(key);
                    break;
                }
            }
            current = nested;
        }
        throw new CheckpointFormatException(
                source + ": no state dict of tensors found (looked at the top level and under "
                        + String.join(", ", NESTING_KEYS) + ")");
    }

    private static Map<String, CheckpointTensor> tensors(Path file, String source, Map<?, ?> stateDict) {
        Map<String, CheckpointTensor> tensors = new LinkedHashMap<>();
        for (Map.Entry<?, ?> entry : stateDict.entrySet()) {
            if (!(entry.getValue() instanceof TorchTensor)) {
                continue;
            }
            String name = String.valueOf(entry.getKey());
            TorchTensor tensor = (TorchTensor) entry.getValue();
            long elements = 1;
            for (long d : tensor.shape()) {
                elements *= d;
            }
            long last = tensor.offset();
            for (int i = 0; i < tensor.shape().length; i++) {
                last += (tensor.shape()[i] - 1) * tensor.stride()[i];
            }
            if (elements > 0 && last >= tensor.storage().elements()) {
                throw new CheckpointFormatException(source + ": tensor " + name + " reaches element " + last
                        + " of a storage of " + tensor.storage().elements());
            }
            long count = elements;
            tensors.put(
                    name,
                    new CheckpointTensor(
                            name, tensor.storage().dtype(), tensor.shape(), () -> read(file, tensor, count)));
        }
        return tensors;
    }

    /** Reads a tensor's elements in row-major order, following its strides. */
    private static ByteBuffer read(Path file, TorchTensor tensor, long count) throws IOException {
        int size = tensor.storage().dtype().bytes();
        long[] shape = tensor.shape();
        long[] stride = tensor.stride();
        boolean contiguous = true;
        long expected = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            if (shape[i] != 1 && stride[i] != expected) {
                contiguous = false;
            }
            expected *= shape[i];
        }
        try (ZipFile zip = new ZipFile(file.toFile());
                InputStream in =
                        zip.getInputStream(zip.getEntry(tensor.storage().entry()))) {
            if (contiguous) {
                in.skipNBytes(tensor.offset() * size);
                return ByteBuffer.wrap(in.readNBytes((int) (count * size)));
            }
            byte[] storage = in.readNBytes((int) (tensor.storage().elements() * size));
            ByteBuffer out = ByteBuffer.allocate((int) (count * size)).order(ByteOrder.LITTLE_ENDIAN);
            long[] index = new long[shape.length];
            for (long n = 0; n < count; n++) {
                long element = tensor.offset();
                for (int i = 0; i < shape.length; i++) {
                    element += index[i] * stride[i];
                }
                out.put(storage, (int) (element * size), size);
                for (int i = shape.length - 1; i >= 0 && ++index[i] == shape[i]; i--) {
                    index[i] = 0;
                }
            }
            return out.flip();
        }
    }
}
