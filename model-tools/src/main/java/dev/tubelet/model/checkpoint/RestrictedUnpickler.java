package dev.tubelet.model.checkpoint;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.razorvine.pickle.IObjectConstructor;
import net.razorvine.pickle.Opcodes;
import net.razorvine.pickle.PickleException;
import net.razorvine.pickle.PickleUtils;
import net.razorvine.pickle.Unpickler;
import net.razorvine.pickle.objects.ClassDict;

/**
 * An unpickler for {@code torch.save} checkpoints that only builds what a tensor checkpoint is
 * made of. A pickle can name any Python callable (say {@code os.system}); this reader runs no
 * Python at all, and every name a pickle asks for is checked against an allow-list before
 * anything is built: torch's tensor-rebuild functions and storage types, ordered dicts, and a
 * few inert record types that training scripts save beside the weights (argparse namespaces,
 * numpy scalars), which are kept as plain maps and never interpreted. Any other name stops the
 * read with {@link UnsafeCheckpointException}, naming it.
 */
final class RestrictedUnpickler extends Unpickler {
    /** Saved beside weights by training scripts; kept as inert maps, never called. */
    private static final Set<String> INERT_RECORDS = Set.of(
            "argparse.Namespace",
            "numpy.dtype",
            "numpy.core.multiarray.scalar",
            "numpy._core.multiarray.scalar",
            "torch.device",
            "torch.Size");

    private static final Map<String, TensorDType> STORAGES = Map.of(
            "FloatStorage", TensorDType.F32,
            "HalfStorage", TensorDType.F16,
            "BFloat16Storage", TensorDType.BF16,
            "DoubleStorage", TensorDType.F64);

    /** Resolves a persistent id ('storage', type, key, location, numel) to the storage's bytes. */
    interface StorageResolver {
        TorchStorage resolve(TensorDType dtype, String key, long elements);
    }

    private final String source;
    private final StorageResolver storages;

    RestrictedUnpickler(String source, StorageResolver storages) {
        this.source = source;
        this.storages = storages;
    }

    @Override
    protected Object dispatch(short key) throws PickleException, IOException {
        switch (key) {
            case Opcodes.GLOBAL: {
                String module = PickleUtils.readline(input);
                String name = PickleUtils.readline(input);
                stack.add(resolve(module, name));
                return NO_RETURN_VALUE;
            }
            case Opcodes.STACK_GLOBAL: {
                Object name = stack.pop();
                Object module = stack.pop();
                stack.add(resolve(String.valueOf(module), String.valueOf(name)));
                return NO_RETURN_VALUE;
            }
            case Opcodes.INST:
            case Opcodes.OBJ:
            case Opcodes.EXT1:
            case Opcodes.EXT2:
            case Opcodes.EXT4:
                throw new UnsafeCheckpointException(source + ": refusing pickle opcode " + key
                        + " (class instantiation by the old protocols); a tensor checkpoint never needs it");
            default:
                return super.dispatch(key);
        }
    }

    private IObjectConstructor resolve(String module, String name) {
        String qualified = module + "." + name;
        switch (qualified) {
            case "collections.OrderedDict":
                return args -> new PickledStateDict();
            case "torch._utils._rebuild_tensor_v2":
                return RestrictedUnpickler::rebuildTensor;
            case "torch._utils._rebuild_parameter":
            case "torch._utils._rebuild_parameter_with_state":
                return args -> args[0];
            case "_codecs.encode":
                return args -> String.valueOf(args[0]).getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
            default:
                break;
        }
        if (module.equals("torch") && STORAGES.containsKey(name)) {
            return new StorageType(STORAGES.get(name));
        }
        if (INERT_RECORDS.contains(qualified)) {
            return args -> new ClassDict(module, name);
        }
        throw new UnsafeCheckpointException(source + ": refusing to unpickle " + qualified
                + ": only tensors, state dicts and plain values are allowed (a checkpoint is untrusted input)");
    }

    @Override
    protected Object persistentLoad(Object pid) {
        if (pid instanceof Object[]) {
            Object[] id = (Object[]) pid;
            if (id.length == 5 && "storage".equals(id[0]) && id[1] instanceof StorageType && id[4] instanceof Number) {
                return storages.resolve(
                        ((StorageType) id[1]).dtype, String.valueOf(id[2]), ((Number) id[4]).longValue());
            }
        }
        throw new CheckpointFormatException(
                source + ": unexpected persistent id " + describe(pid)
                        + "; expected ('storage', torch.FloatStorage|HalfStorage|BFloat16Storage|DoubleStorage, key, location, size)");
    }

    private static Object rebuildTensor(Object[] args) {
        if (args.length < 4 || !(args[0] instanceof TorchStorage)) {
            throw new PickleException("_rebuild_tensor_v2 expects (storage, offset, size, stride, …)");
        }
        return new TorchTensor((TorchStorage) args[0], ((Number) args[1]).longValue(), longs(args[2]), longs(args[3]));
    }

    private static long[] longs(Object tuple) {
        Object[] values = tuple instanceof Object[] ? (Object[]) tuple : ((List<?>) tuple).toArray();
        long[] out = new long[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = ((Number) values[i]).longValue();
        }
        return out;
    }

    private static String describe(Object pid) {
        return pid instanceof Object[] ? java.util.Arrays.deepToString((Object[]) pid) : String.valueOf(pid);
    }

    /** A storage type named in a persistent id; never called. */
    private static final class StorageType implements IObjectConstructor {
        final TensorDType dtype;

        StorageType(TensorDType dtype) {
            this.dtype = dtype;
        }

        @Override
        public Object construct(Object[] args) {
            throw new PickleException("storage types are not constructed by a checkpoint");
        }
    }

    /** A tensor as torch pickles it: a view into a storage. */
    record TorchTensor(TorchStorage storage, long offset, long[] shape, long[] stride) {}
}
