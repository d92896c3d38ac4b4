package dev.tubelet.operators.window;

import java.io.IOException;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Writes a {@link ClipWindow} with its frames as they arrived and without its planes: Flink's
 * async I/O operator checkpoints the windows in flight, and operator state goes to the checkpoint
 * one byte at a time in Flink 2.2 ({@code CompressibleFSDataOutputStream} overrides only
 * {@code write(int)}), so a window of 16 frames costs ~200 KB there instead of 2.4 MB of planes.
 * Windows are never changed once made, so a copy is the window itself: the async operator, which
 * copies its input when object reuse is on, shares the planes instead of duplicating them.
 */
public final class ClipWindowSerializer extends TypeSerializer<ClipWindow> {
    private static final long serialVersionUID = 1L;
    private static final int VERSION = 1;

    @Override
    public boolean isImmutableType() {
        return false;
    }

    @Override
    public TypeSerializer<ClipWindow> duplicate() {
        return this;
    }

    @Override
    public ClipWindow createInstance() {
        return new ClipWindow();
    }

    @Override
    public ClipWindow copy(ClipWindow from) {
        return from;
    }

    @Override
    public ClipWindow copy(ClipWindow from, ClipWindow reuse) {
        return from;
    }

    @Override
    public int getLength() {
        return -1;
    }

    @Override
    public void serialize(ClipWindow w, DataOutputView out) throws IOException {
        out.writeByte(VERSION);
        out.writeUTF(w.cameraId);
        out.writeInt(w.stride);
        out.writeInt(w.width);
        out.writeInt(w.height);
        out.writeInt(w.frames.length);
        for (SampledFrame f : w.frames) {
            out.writeLong(f.seq);
            out.writeLong(f.captureMicros);
            out.writeInt(f.encoding);
            out.writeInt(f.statedWidth);
            out.writeInt(f.statedHeight);
            out.writeInt(f.sourceWidth);
            out.writeInt(f.sourceHeight);
            out.writeInt(f.data.length);
            out.write(f.data);
        }
        writeFloats(w.keyBoxes, out);
        out.writeInt(w.keyBoxOrigin);
        if (w.keyBoxLabels == null) {
            out.writeInt(-1);
        } else {
            out.writeInt(w.keyBoxLabels.length);
            for (String label : w.keyBoxLabels) {
                out.writeUTF(label);
            }
        }
        out.writeInt(w.keyWidth);
        out.writeInt(w.keyHeight);
    }

    @Override
    public ClipWindow deserialize(DataInputView in) throws IOException {
        int version = in.readByte();
        if (version != VERSION) {
            throw new IOException("a ClipWindow of format " + version + "; this version reads format " + VERSION);
        }
        ClipWindow w = new ClipWindow();
        w.cameraId = in.readUTF();
        w.stride = in.readInt();
        w.width = in.readInt();
        w.height = in.readInt();
        int count = in.readInt();
        w.frames = new SampledFrame[count];
        w.seqs = new long[count];
        w.captureMicros = new long[count];
        for (int i = 0; i < count; i++) {
            SampledFrame f = new SampledFrame();
            f.seq = in.readLong();
            f.captureMicros = in.readLong();
            f.encoding = in.readInt();
            f.statedWidth = in.readInt();
            f.statedHeight = in.readInt();
            f.sourceWidth = in.readInt();
            f.sourceHeight = in.readInt();
            f.data = new byte[in.readInt()];
            in.readFully(f.data);
            w.frames[i] = f;
            w.seqs[i] = f.seq;
            w.captureMicros[i] = f.captureMicros;
        }
        w.keyBoxes = readFloats(in);
        w.keyBoxOrigin = in.readInt();
        int labels = in.readInt();
        if (labels >= 0) {
            w.keyBoxLabels = new String[labels];
            for (int i = 0; i < labels; i++) {
                w.keyBoxLabels[i] = in.readUTF();
            }
        }
        w.keyWidth = in.readInt();
        w.keyHeight = in.readInt();
        return w;
    }

    @Override
    public ClipWindow deserialize(ClipWindow reuse, DataInputView in) throws IOException {
        return deserialize(in);
    }

    @Override
    public void copy(DataInputView in, DataOutputView out) throws IOException {
        serialize(deserialize(in), out);
    }

    private static void writeFloats(float[] values, DataOutputView out) throws IOException {
        if (values == null) {
            out.writeInt(-1);
            return;
        }
        out.writeInt(values.length);
        for (float v : values) {
            out.writeFloat(v);
        }
    }

    private static float[] readFloats(DataInputView in) throws IOException {
        int length = in.readInt();
        if (length < 0) {
            return null;
        }
        float[] values = new float[length];
        for (int i = 0; i < length; i++) {
            values[i] = in.readFloat();
        }
        return values;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ClipWindowSerializer;
    }

    @Override
    public int hashCode() {
        return ClipWindowSerializer.class.hashCode();
    }

    @Override
    public TypeSerializerSnapshot<ClipWindow> snapshotConfiguration() {
        return new Snapshot();
    }

    /** The serializer has no configuration: its snapshot restores it as it is. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<ClipWindow> {
        public Snapshot() {
            super(ClipWindowSerializer::new);
        }
    }
}
