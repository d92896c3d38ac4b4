package dev.tubelet.jobs.pipeline;

import dev.tubelet.schema.ActionEvent;
import dev.tubelet.schema.DeadLetter;
import dev.tubelet.schema.FrameEncoding;
import dev.tubelet.schema.MessageFormatException;
import dev.tubelet.schema.SingleObjectSerde;
import dev.tubelet.schema.TrustedPackages;
import dev.tubelet.schema.VideoFrame;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Function;
import javax.imageio.ImageIO;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** Frames into Kafka and events out of it, for the job's integration tests. */
final class FrameTraffic implements AutoCloseable {
    static {
        TrustedPackages.register();
    }

    static final SingleObjectSerde<VideoFrame> FRAMES = SingleObjectSerde.of(VideoFrame.class);
    static final SingleObjectSerde<ActionEvent> ACTIONS = SingleObjectSerde.of(ActionEvent.class);
    static final SingleObjectSerde<DeadLetter> DEAD_LETTERS = SingleObjectSerde.of(DeadLetter.class);

    private final KafkaProducer<byte[], byte[]> producer;
    private final String bootstrap;

    FrameTraffic(String bootstrap) {
        this.bootstrap = bootstrap;
        Properties props = new Properties();
        props.put("bootstrap.servers", bootstrap);
        props.put("enable.idempotence", "true");
        props.put("acks", "all");
        props.put("max.request.size", Integer.toString(8 << 20));
        producer = new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
    }

    static byte[] jpeg(int camera, long seq, int width, int height) throws IOException {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = image.createGraphics();
        g.setColor(new Color(40 + 20 * camera, 90, 140));
        g.fillRect(0, 0, width, height);
        g.setColor(new Color(240, 200, 30));
        g.fillOval((int) (seq * 2 % width), height / 4, width / 4, height / 2);
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "jpg", out);
        return out.toByteArray();
    }

    static VideoFrame frame(String camera, long seq, FrameEncoding encoding, byte[] data, int width, int height) {
        return VideoFrame.newBuilder().setCameraId(camera).setSeq(seq)
                .setCaptureTime(Instant.ofEpochSecond(1_700_000_000L).plusNanos(seq * 33_333_000L))
                .setFps(30f).setWidth(width).setHeight(height).setEncoding(encoding).setData(ByteBuffer.wrap(data)).build();
    }

    void send(String topic, String key, byte[] value) {
        producer.send(new ProducerRecord<>(topic, key == null ? null : key.getBytes(StandardCharsets.UTF_8), value));
    }

    void sendFrames(String topic, int cameras, long fromSeq, long toSeq) throws IOException {
        for (long seq = fromSeq; seq < toSeq; seq++) {
            for (int c = 0; c < cameras; c++) {
                String camera = "cam-" + c;
                send(topic, camera, FRAMES.encode(frame(camera, seq, FrameEncoding.JPEG, jpeg(c, seq, 48, 40), 48, 40)));
            }
        }
        producer.flush();
    }

    void flush() {
        producer.flush();
    }

    /** Reads a topic with read_committed until {@code expected} records or the timeout. */
    <T> List<T> read(String topic, int expected, Duration timeout, Function<byte[], T> decode) {
        Properties props = new Properties();
        props.put("bootstrap.servers", bootstrap);
        props.put("group.id", "it-" + UUID.randomUUID());
        props.put("auto.offset.reset", "earliest");
        props.put("isolation.level", "read_committed");
        List<T> out = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            while (out.size() < expected && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    out.add(decode.apply(record.value()));
                }
            }
            // a little longer, so that duplicates beyond the expected count would be seen
            long settle = System.nanoTime() + Duration.ofSeconds(3).toNanos();
            while (System.nanoTime() < settle) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    out.add(decode.apply(record.value()));
                }
            }
        }
        return out;
    }

    static <T extends org.apache.avro.specific.SpecificRecordBase> Function<byte[], T> decoder(SingleObjectSerde<T> serde) {
        return bytes -> {
            try {
                return serde.decode(bytes);
            } catch (MessageFormatException e) {
                throw new AssertionError("an event did not decode: " + e.getMessage(), e);
            }
        };
    }

    /** The windows the specification promises for a camera sending frames 0..n-1 without loss. */
    static List<List<Long>> expectedWindows(long n, int frames, int stride, int hop) {
        List<Long> sampled = new ArrayList<>();
        for (long seq = 0; seq < n; seq += stride) {
            sampled.add(seq);
        }
        List<List<Long>> windows = new ArrayList<>();
        for (int end = frames; end <= sampled.size(); end += hop) {
            windows.add(sampled.subList(end - frames, end));
        }
        return windows;
    }

    @Override
    public void close() {
        producer.close();
    }
}
