package dev.tubelet.model.checkpoint;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * One tensor of a checkpoint, read only when its values are asked for (a ViT-L checkpoint is
 * over a gigabyte; nothing is held twice).
 */
public final class CheckpointTensor {
    /** Reads a tensor's contiguous little-endian bytes. */
    interface ByteSource {
        ByteBuffer read() throws IOException;
    }

    private final String name;
    private final TensorDType dtype;
    private final long[] shape;
    private final ByteSource source;

    CheckpointTensor(String name, TensorDType dtype, long[] shape, ByteSource source) {
        this.name = name;
        this.dtype = dtype;
        this.shape = shape.clone();
        this.source = source;
    }

    /** @return the tensor's name in the checkpoint */
    public String name() {
        return name;
    }

    /** @return its element type */
    public TensorDType dtype() {
        return dtype;
    }

    /** @return its shape */
    public long[] shape() {
        return shape.clone();
    }

    /** @return the number of elements */
    public long elements() {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        return n;
    }

    /**
     * @return its values as float32, row-major
     * @throws UncheckedIOException when the file cannot be read
     */
    public float[] toFloats() {
        try {
            ByteBuffer bytes = source.read().order(ByteOrder.LITTLE_ENDIAN);
            return dtype.toFloats(bytes, (int) elements());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String toString() {
        return name + Arrays.toString(shape) + " " + dtype;
    }
}
