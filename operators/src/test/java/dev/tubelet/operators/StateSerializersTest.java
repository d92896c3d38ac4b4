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
import dev.tubelet.operators.window.SampledFrame;
import java.util.List;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

/**
 * Every type that crosses the network or lives in state is a Flink POJO with its own serializer:
 * the job runs with generic types (Kryo) off, and state must read back what it wrote.
 */
class StateSerializersTest {
    private static final List<Class<?>> TYPES = List.of(
            RawKafkaRecord.class,
            FrameEnvelope.class,
            CameraWindowState.class,
            SampledFrame.class,
            ClipWindow.class,
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
        SampledFrame frame =
                new SampledFrame(37, 1_700_000_000_000_000L, 2, 2, new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12});
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
}
