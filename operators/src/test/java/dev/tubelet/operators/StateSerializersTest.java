package dev.tubelet.operators;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tubelet.operators.boxes.MotionBackground;
import dev.tubelet.operators.deadletter.DeadLetterRecord;
import dev.tubelet.operators.frames.FrameEnvelope;
import dev.tubelet.operators.frames.RawKafkaRecord;
import dev.tubelet.operators.inference.DetectedWindow;
import dev.tubelet.operators.inference.ScoredWindow;
import dev.tubelet.operators.tracking.CameraTracks;
import dev.tubelet.operators.window.CameraWindowState;
import dev.tubelet.operators.window.ClipWindow;
import dev.tubelet.operators.window.ClipWindowTypeInfo;
import dev.tubelet.operators.window.SampledFrame;
import dev.tubelet.schema.FrameEncoding;
import java.util.List;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

/**
 * Every type that crosses the network or lives in state has a serializer of its own (a Flink
 * POJO, or {@link ClipWindowSerializer}): the job runs with generic types (Kryo) off, and state
 * must read back what it wrote.
 */
class StateSerializersTest {
    private static final List<Class<?>> TYPES = List.of(
            RawKafkaRecord.class,
            FrameEnvelope.class,
            CameraWindowState.class,
            SampledFrame.class,
            ScoredWindow.class,
            DetectedWindow.class,
            DeadLetterRecord.class,
            MotionBackground.class,
            CameraTracks.class);

    private static <T> TypeSerializer<T> serializer(Class<T> type) {
        SerializerConfigImpl config = new SerializerConfigImpl();
        config.setGenericTypes(false); // as the job: a type that needs Kryo fails here
        return TypeInformation.of(type).createSerializer(config);
    }

    private static <T> T roundTrip(Class<T> type, T value) throws Exception {
        TypeSerializer<T> serializer = serializer(type);
        DataOutputSerializer out = new DataOutputSerializer(1024);
        serializer.serialize(value, out);
        return serializer.deserialize(new DataInputDeserializer(out.getSharedBuffer(), 0, out.length()));
    }

    @Test
    void everyElementAndStateTypeIsAPojoWithoutKryo() {
        for (Class<?> type : TYPES) {
            assertThat(TypeInformation.of(type)).as(type.getSimpleName()).isInstanceOf(PojoTypeInfo.class);
            assertThat(serializer(type)).as(type.getSimpleName()).isNotNull();
        }
    }

    @Test
    void aCameraWindowReadsBackAsWritten() throws Exception {
        CameraWindowState s = new CameraWindowState();
        s.lastSeq = 41;
        s.phaseSeq = 1;
        s.stride = 4;
        SampledFrame frame = frame(37, new byte[] {(byte) 0xff, (byte) 0xd8, 1, 2, 3});
        frame.boxes = new float[] {0.1f, 0.2f, 0.3f, 0.4f, 0.9f};
        frame.boxOrigin = 1;
        frame.boxLabels = new String[] {"person"};
        s.frames = new SampledFrame[] {frame};
        FrameEnvelope held = new FrameEnvelope();
        held.cameraId = "lobby";
        held.seq = 43;
        held.data = new byte[] {9};
        held.boxes = new float[0];
        held.boxLabels = new String[0];
        s.pending = new FrameEnvelope[] {held};
        s.sampledCount = 9;
        s.emitted = true;

        CameraWindowState back = roundTrip(CameraWindowState.class, s);
        assertThat(back).usingRecursiveComparison().isEqualTo(s);
    }

    private static SampledFrame frame(long seq, byte[] data) {
        SampledFrame frame = new SampledFrame();
        frame.seq = seq;
        frame.captureMicros = 1_700_000_000_000_000L + seq;
        frame.encoding = FrameEncoding.JPEG.ordinal();
        frame.statedWidth = 320;
        frame.statedHeight = 240;
        frame.data = data;
        frame.sourceWidth = 320;
        frame.sourceHeight = 240;
        return frame;
    }

    @Test
    void aWindowTravelsWithItsFramesBytesAndWithoutItsPlanes() throws Exception {
        assertThat(TypeInformation.of(ClipWindow.class)).isInstanceOf(ClipWindowTypeInfo.class);
        ClipWindow w = new ClipWindow();
        w.cameraId = "gate";
        w.frames = new SampledFrame[] {frame(8, new byte[] {1, 2, 3}), frame(12, new byte[] {4, 5})};
        w.seqs = new long[] {8, 12};
        w.captureMicros = new long[] {w.frames[0].captureMicros, w.frames[1].captureMicros};
        w.stride = 4;
        w.width = 224;
        w.height = 224;
        w.pixels = new byte[2 * 3 * 224 * 224];
        w.keyBoxes = new float[] {0.1f, 0.2f, 0.5f, 0.6f, 0.8f};
        w.keyBoxOrigin = 2;
        w.keyBoxLabels = new String[] {"person"};
        w.keyWidth = 320;
        w.keyHeight = 240;

        TypeSerializer<ClipWindow> serializer = serializer(ClipWindow.class);
        DataOutputSerializer out = new DataOutputSerializer(1024);
        serializer.serialize(w, out);
        assertThat(out.length()).as("bytes of a window in flight").isLessThan(200);
        ClipWindow back = serializer.deserialize(new DataInputDeserializer(out.getSharedBuffer(), 0, out.length()));
        assertThat(back.pixels).as("planes are made again from the frames").isNull();
        assertThat(back).usingRecursiveComparison().ignoringFields("pixels").isEqualTo(w);
        // never changed once made: the async operator's copy is the window itself, planes and all
        assertThat(serializer.copy(w)).isSameAs(w);
        assertThat(serializer.snapshotConfiguration().restoreSerializer()).isEqualTo(serializer);
    }
}
