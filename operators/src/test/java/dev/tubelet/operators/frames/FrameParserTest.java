package dev.tubelet.operators.frames;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tubelet.operators.deadletter.DeadLetterRecord;
import dev.tubelet.operators.deadletter.DeadLetters;
import dev.tubelet.schema.Box;
import dev.tubelet.schema.DeadLetterReason;
import dev.tubelet.schema.FrameEncoding;
import dev.tubelet.schema.VideoFrame;
import dev.tubelet.testkit.FrameTraffic;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;

/** Kafka records to frames: every kind of bad record becomes a dead letter with its reason; good ones lose nothing. */
class FrameParserTest {
    private static final FrameLimits LIMITS = new FrameLimits(1000, 4096L * 4096L, 16);

    private static RawKafkaRecord record(String key, byte[] value, long offset) {
        return new RawKafkaRecord(
                "tubelet.frames", 3, offset, key == null ? null : key.getBytes(StandardCharsets.UTF_8), value, 0);
    }

    private static OneInputStreamOperatorTestHarness<RawKafkaRecord, FrameEnvelope> harness() throws Exception {
        return ProcessFunctionTestHarnesses.forProcessFunction(new FrameParser(LIMITS));
    }

    /** Room for real JPEGs. */
    private static OneInputStreamOperatorTestHarness<RawKafkaRecord, FrameEnvelope> roomyHarness() throws Exception {
        return ProcessFunctionTestHarnesses.forProcessFunction(
                new FrameParser(new FrameLimits(1 << 20, 4096L * 4096L, 16)));
    }

    private static List<DeadLetterRecord> deadLetters(
            OneInputStreamOperatorTestHarness<RawKafkaRecord, FrameEnvelope> h) {
        var side = h.getSideOutput(DeadLetters.TAG);
        return side == null
                ? List.of()
                : side.stream().map(StreamRecord::getValue).toList();
    }

    @Test
    void aGoodFrameKeepsEveryFieldAndItsProvenance() throws Exception {
        VideoFrame frame = VideoFrame.newBuilder(FrameTraffic.frame(
                        "lobby", 42, FrameEncoding.JPEG, FrameTraffic.jpeg(0, 42, 320, 240), 320, 240))
                .setBoxes(List.of(Box.newBuilder()
                        .setX1(0.1f)
                        .setY1(0.2f)
                        .setX2(0.5f)
                        .setY2(0.9f)
                        .setScore(0.8f)
                        .setLabel("person")
                        .build()))
                .build();
        try (var h = roomyHarness()) {
            h.processElement(new StreamRecord<>(record("lobby", FrameTraffic.FRAMES.encode(frame), 7)));
            List<FrameEnvelope> out = h.extractOutputValues();
            assertThat(out).hasSize(1);
            FrameEnvelope f = out.get(0);
            assertThat(f.cameraId).isEqualTo("lobby");
            assertThat(f.seq).isEqualTo(42);
            assertThat(f.captureMicros)
                    .isEqualTo(frame.getCaptureTime().getEpochSecond() * 1_000_000L
                            + frame.getCaptureTime().getNano() / 1000);
            assertThat(f.fps).isEqualTo(30f);
            assertThat(f.width).isEqualTo(320);
            assertThat(f.height).isEqualTo(240);
            assertThat(f.encoding).isEqualTo(FrameEncoding.JPEG.ordinal());
            assertThat(f.data).containsExactly(FrameTraffic.jpeg(0, 42, 320, 240));
            assertThat(f.boxes).containsExactly(0.1f, 0.2f, 0.5f, 0.9f, 0.8f);
            assertThat(f.boxLabels).containsExactly("person");
            assertThat(f.topic).isEqualTo("tubelet.frames");
            assertThat(f.partition).isEqualTo(3);
            assertThat(f.offset).isEqualTo(7);
            assertThat(deadLetters(h)).isEmpty();
        }
    }

    @Test
    void aDeclaredSizeOtherThanTheImagesIsAnInvalidFieldAndAHeaderThatDoesNotReadIsCorrupt() throws Exception {
        byte[] jpeg = FrameTraffic.jpeg(0, 1, 320, 240);
        try (var h = roomyHarness()) {
            h.processElement(new StreamRecord<>(record(
                    "cam",
                    FrameTraffic.FRAMES.encode(FrameTraffic.frame("cam", 1, FrameEncoding.JPEG, jpeg, 10, 10)),
                    1)));
            h.processElement(new StreamRecord<>(record(
                    "cam",
                    FrameTraffic.FRAMES.encode(
                            FrameTraffic.frame("cam", 2, FrameEncoding.JPEG, new byte[] {1, 2, 3}, 320, 240)),
                    2)));
            h.processElement(new StreamRecord<>(record(
                    "cam",
                    FrameTraffic.FRAMES.encode(FrameTraffic.frame("cam", 3, FrameEncoding.JPEG, jpeg, 320, 240)),
                    3)));
            assertThat(h.extractOutputValues()).extracting(f -> f.seq).containsExactly(3L);
            List<DeadLetterRecord> dead = deadLetters(h);
            assertThat(dead).extracting(d -> d.reason).containsExactly("INVALID_FIELD", "CORRUPT_IMAGE");
            assertThat(dead.get(0).message)
                    .isEqualTo("width and height must be the image's: declared 10x10, the JPEG is 320x240");
        }
    }

    @Test
    void badRecordsBecomeDeadLettersWithTheirReasonAndABoundedPayload() throws Exception {
        byte[] notAvro = "not avro at all, and longer than sixteen bytes".getBytes(StandardCharsets.UTF_8);
        byte[] oversized =
                FrameTraffic.FRAMES.encode(FrameTraffic.frame("cam", 1, FrameEncoding.JPEG, new byte[2000], 48, 40));
        byte[] unknown =
                FrameTraffic.FRAMES.encode(FrameTraffic.frame("cam", 2, FrameEncoding.UNKNOWN, new byte[] {1}, 48, 40));
        byte[] rawTooShort =
                FrameTraffic.FRAMES.encode(FrameTraffic.frame("cam", 3, FrameEncoding.RAW_RGB24, new byte[10], 4, 4));
        byte[] noCamera =
                FrameTraffic.FRAMES.encode(FrameTraffic.frame(" ", 4, FrameEncoding.JPEG, new byte[] {1}, 48, 40));
        byte[] boxOutside = FrameTraffic.FRAMES.encode(
                VideoFrame.newBuilder(FrameTraffic.frame("cam", 5, FrameEncoding.JPEG, new byte[] {1}, 48, 40))
                        .setBoxes(List.of(Box.newBuilder()
                                .setX1(0.5f)
                                .setY1(0.2f)
                                .setX2(1.5f)
                                .setY2(0.9f)
                                .setScore(0.8f)
                                .build()))
                        .build());
        try (var h = harness()) {
            h.processElement(new StreamRecord<>(record("cam", notAvro, 10)));
            h.processElement(new StreamRecord<>(record("cam", oversized, 11)));
            h.processElement(new StreamRecord<>(record("cam", unknown, 12)));
            h.processElement(new StreamRecord<>(record("cam", rawTooShort, 13)));
            h.processElement(new StreamRecord<>(record("key-camera", noCamera, 14)));
            h.processElement(new StreamRecord<>(record(null, boxOutside, 15)));
            assertThat(h.extractOutputValues()).isEmpty();
            List<DeadLetterRecord> dead = deadLetters(h);
            assertThat(dead)
                    .extracting(d -> d.reason)
                    .containsExactly(
                            DeadLetterReason.NOT_AVRO.name(),
                            DeadLetterReason.OVERSIZED.name(),
                            DeadLetterReason.UNKNOWN_ENCODING.name(),
                            DeadLetterReason.INVALID_FIELD.name(),
                            DeadLetterReason.INVALID_FIELD.name(),
                            DeadLetterReason.INVALID_FIELD.name());
            assertThat(dead).extracting(d -> d.offset).containsExactly(10L, 11L, 12L, 13L, 14L, 15L);
            assertThat(dead).allSatisfy(d -> {
                assertThat(d.topic).isEqualTo("tubelet.frames");
                assertThat(d.payload.length).isLessThanOrEqualTo(16);
            });
            assertThat(dead.get(0).payloadSize).isEqualTo(notAvro.length);
            assertThat(dead.get(0).cameraId).isEqualTo("cam");
            assertThat(dead.get(1).message).contains("the limit is 1000");
            assertThat(dead.get(3).message).contains("needs 48 bytes, found 10");
            assertThat(dead.get(4).message).isEqualTo("camera_id must not be empty");
            assertThat(dead.get(5).message).startsWith("boxes[0] must be normalized");
        }
    }

    @Test
    void fieldsOutOfTheirBoundsAreDeadLetteredSayingWhichAndWhy() throws Exception {
        VideoFrame good = FrameTraffic.frame("cam", 1, FrameEncoding.JPEG, FrameTraffic.jpeg(0, 1, 48, 40), 48, 40);
        Box box = Box.newBuilder()
                .setX1(0.1f)
                .setY1(0.1f)
                .setX2(0.2f)
                .setY2(0.2f)
                .setScore(0.5f)
                .build();
        List<VideoFrame> bad = List.of(
                VideoFrame.newBuilder(good).setFps(Float.NaN).build(),
                VideoFrame.newBuilder(good).setFps(1e9f).build(),
                VideoFrame.newBuilder(good).setFps(-1f).build(),
                VideoFrame.newBuilder(good)
                        .setCaptureTime(java.time.Instant.parse("9999-12-31T00:00:00Z"))
                        .build(),
                VideoFrame.newBuilder(good)
                        .setCaptureTime(java.time.Instant.parse("0001-01-01T00:00:00Z"))
                        .build(),
                VideoFrame.newBuilder(good).setCameraId("c".repeat(129)).build(),
                VideoFrame.newBuilder(good).setCameraId("cam\u0000one").build(),
                VideoFrame.newBuilder(good)
                        .setBoxes(java.util.Collections.nCopies(101, box))
                        .build());
        FrameLimits limits = new FrameLimits(1 << 20, 4096L * 4096L, 16, 100, java.time.Duration.ofSeconds(300), 0);
        try (var h = ProcessFunctionTestHarnesses.forProcessFunction(new FrameParser(limits))) {
            long offset = 0;
            for (VideoFrame f : bad) {
                h.processElement(new StreamRecord<>(record("cam", FrameTraffic.FRAMES.encode(f), offset++)));
            }
            h.processElement(new StreamRecord<>(record("cam", FrameTraffic.FRAMES.encode(good), offset)));
            assertThat(h.extractOutputValues()).hasSize(1);
            List<DeadLetterRecord> dead = deadLetters(h);
            assertThat(dead).extracting(d -> d.reason).containsOnly(DeadLetterReason.INVALID_FIELD.name());
            assertThat(dead)
                    .extracting(d -> d.message)
                    .containsExactly(
                            "fps must be a number in 0..1000, found NaN",
                            "fps must be a number in 0..1000, found 1.0E9",
                            "fps must be a number in 0..1000, found -1.0",
                            "capture_time must be after 1970 and at most 300 s ahead of the job's clock, found "
                                    + "9999-12-31T00:00:00Z",
                            "capture_time must be after 1970 and at most 300 s ahead of the job's clock, found "
                                    + "0001-01-01T00:00:00Z",
                            "camera_id must be at most 128 bytes, found 129",
                            "camera_id must be printable characters, found control or undefined characters",
                            "at most 100 boxes per frame, found 101");
        }
    }
}
