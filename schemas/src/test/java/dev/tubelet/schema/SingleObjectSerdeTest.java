package dev.tubelet.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.junit.jupiter.api.Test;

class SingleObjectSerdeTest {
    static {
        TrustedPackages.register();
    }

    private static VideoFrame frame() {
        return VideoFrame.newBuilder()
                .setCameraId("cam-1")
                .setSeq(42)
                .setCaptureTime(Instant.ofEpochSecond(1_700_000_000, 123_456_000))
                .setFps(30f)
                .setWidth(320)
                .setHeight(240)
                .setEncoding(FrameEncoding.JPEG)
                .setData(ByteBuffer.wrap(new byte[] {1, 2, 3}))
                .setBoxes(List.of(Box.newBuilder()
                        .setX1(0.1f)
                        .setY1(0.2f)
                        .setX2(0.3f)
                        .setY2(0.4f)
                        .setLabel("person")
                        .build()))
                .setAttributes(Map.of("site", "north"))
                .build();
    }

    @Test
    void framesRoundTripWithTheSingleObjectHeader() throws Exception {
        SingleObjectSerde<VideoFrame> serde = SingleObjectSerde.of(VideoFrame.class);
        byte[] bytes = serde.encode(frame());
        assertThat(bytes[0]).isEqualTo((byte) 0xC3);
        assertThat(bytes[1]).isEqualTo((byte) 0x01);
        long fingerprint =
                ByteBuffer.wrap(bytes, 2, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        assertThat(fingerprint).isEqualTo(SchemaNormalization.parsingFingerprint64(VideoFrame.getClassSchema()));
        VideoFrame back = serde.decode(bytes);
        assertThat(back).isEqualTo(frame());
        assertThat(back.getCaptureTime()).isEqualTo(Instant.ofEpochSecond(1_700_000_000, 123_456_000));
        assertThat(back.getBoxes().get(0).getScore()).isEqualTo(1.0f);
    }

    @Test
    void defaultsFillWhatProducersLeaveOut() {
        VideoFrame minimal = VideoFrame.newBuilder()
                .setCameraId("c")
                .setSeq(0)
                .setCaptureTime(Instant.EPOCH)
                .setWidth(1)
                .setHeight(1)
                .setEncoding(FrameEncoding.PNG)
                .setData(ByteBuffer.allocate(0))
                .build();
        assertThat(minimal.getFps()).isZero();
        assertThat(minimal.getBoxes()).isEmpty();
        assertThat(minimal.getAttributes()).isEmpty();
    }

    @Test
    void garbageIsNotAvroAndAnotherTypeIsTheWrongSchema() {
        SingleObjectSerde<VideoFrame> frames = SingleObjectSerde.of(VideoFrame.class);
        assertThatThrownBy(() -> frames.decode("this is not avro at all".getBytes()))
                .isInstanceOf(MessageFormatException.class)
                .satisfies(
                        e -> assertThat(((MessageFormatException) e).reason()).isEqualTo(DeadLetterReason.NOT_AVRO))
                .hasMessageStartingWith(
                        "expected an Avro single-object encoded VideoFrame (marker C3 01), found 74 68 69 73");
        Label label =
                Label.newBuilder().setIndex(1).setLabel("run").setScore(0.5f).build();
        byte[] labelBytes = SingleObjectSerde.of(Label.class).encode(label);
        assertThatThrownBy(() -> frames.decode(labelBytes))
                .isInstanceOf(MessageFormatException.class)
                .satisfies(e ->
                        assertThat(((MessageFormatException) e).reason()).isEqualTo(DeadLetterReason.WRONG_SCHEMA));
        byte[] truncated = java.util.Arrays.copyOf(frames.encode(frame()), 14);
        assertThatThrownBy(() -> frames.decode(truncated))
                .isInstanceOf(MessageFormatException.class)
                .satisfies(
                        e -> assertThat(((MessageFormatException) e).reason()).isEqualTo(DeadLetterReason.NOT_AVRO));
    }

    @Test
    void theAvscFilesParseOneByOneInNameOrder() throws Exception {
        // What a client in another language does with nothing but the files: parse each once, in
        // name order, with one table of names. A file must not refer to a type defined in a later one.
        java.util.List<java.nio.file.Path> files;
        try (var list = java.nio.file.Files.list(java.nio.file.Path.of("src/main/avro"))) {
            files = list.filter(f -> f.toString().endsWith(".avsc")).sorted().toList();
        }
        assertThat(files).isNotEmpty();
        Schema.Parser parser = new Schema.Parser();
        for (java.nio.file.Path file : files) {
            Schema parsed = parser.parse(file.toFile());
            Schema generated = switch (parsed.getName()) {
                case "VideoFrame" -> VideoFrame.getClassSchema();
                case "ActionEvent" -> ActionEvent.getClassSchema();
                case "ActionSegment" -> ActionSegment.getClassSchema();
                case "Alert" -> Alert.getClassSchema();
                case "AnomalyEvent" -> AnomalyEvent.getClassSchema();
                case "ClipReady" -> ClipReady.getClassSchema();
                case "DetectionEvent" -> DetectionEvent.getClassSchema();
                case "DeadLetter" -> DeadLetter.getClassSchema();
                case "Box" -> Box.getClassSchema();
                default -> throw new AssertionError("unexpected schema file " + file);
            };
            assertThat(SchemaNormalization.parsingFingerprint64(parsed))
                    .as(file.toString())
                    .isEqualTo(SchemaNormalization.parsingFingerprint64(generated));
        }
    }

    @Test
    void everyFieldOfThePublishedSchemasIsDocumented() {
        for (Schema schema : List.of(
                VideoFrame.getClassSchema(),
                ActionEvent.getClassSchema(),
                ActionSegment.getClassSchema(),
                Alert.getClassSchema(),
                AnomalyEvent.getClassSchema(),
                DetectionEvent.getClassSchema(),
                DeadLetter.getClassSchema())) {
            assertDocumented(schema, new java.util.HashSet<>());
        }
    }

    private static void assertDocumented(Schema schema, java.util.Set<String> seen) {
        switch (schema.getType()) {
            case RECORD -> {
                if (!seen.add(schema.getFullName())) {
                    return;
                }
                assertThat(schema.getDoc()).as(schema.getFullName()).isNotBlank();
                for (Schema.Field field : schema.getFields()) {
                    assertThat(field.doc())
                            .as(schema.getName() + "." + field.name())
                            .isNotBlank();
                    assertDocumented(field.schema(), seen);
                }
            }
            case ARRAY -> assertDocumented(schema.getElementType(), seen);
            case MAP -> assertDocumented(schema.getValueType(), seen);
            case UNION -> schema.getTypes().forEach(t -> assertDocumented(t, seen));
            case ENUM -> assertThat(schema.getDoc()).as(schema.getFullName()).isNotBlank();
            default -> {}
        }
    }
}
