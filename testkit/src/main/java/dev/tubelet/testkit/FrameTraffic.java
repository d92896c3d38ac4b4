package dev.tubelet.testkit;

import dev.tubelet.commandline.KafkaClients;
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
import java.util.function.Function;
import javax.imageio.ImageIO;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Frames into Kafka and events out of it, for integration tests: synthetic JPEG frames from any
 * number of cameras through an idempotent producer, and any topic read back with
 * {@code read_committed} (what the job's exactly-once sinks make visible).
 *
 * <pre>{@code
 * try (FrameTraffic traffic = new FrameTraffic(bootstrap)) {
 *     traffic.sendFrames("frames", 3, 0, 40);
 *     List<ActionEvent> events = traffic.read("actions", 9, Duration.ofSeconds(60), FrameTraffic.decoder(FrameTraffic.ACTIONS));
 * }
 * }</pre>
 */
public final class FrameTraffic implements AutoCloseable {
    static {
        TrustedPackages.register();
    }

    public static final SingleObjectSerde<VideoFrame> FRAMES = SingleObjectSerde.of(VideoFrame.class);
    public static final SingleObjectSerde<ActionEvent> ACTIONS = SingleObjectSerde.of(ActionEvent.class);
    public static final SingleObjectSerde<DeadLetter> DEAD_LETTERS = SingleObjectSerde.of(DeadLetter.class);

    private final KafkaProducer<byte[], byte[]> producer;
    private final String bootstrap;

    /** @param bootstrap the broker's bootstrap servers */
    public FrameTraffic(String bootstrap) {
        this.bootstrap = bootstrap;
        this.producer = KafkaClients.idempotentProducer(bootstrap);
    }

    /** @return a JPEG of a camera-coloured background with a disc that moves with {@code seq} */
    public static byte[] jpeg(int camera, long seq, int width, int height) throws IOException {
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

    /** @return a frame captured at 30 fps from a fixed epoch, {@code seq} frames in */
    public static VideoFrame frame(
            String camera, long seq, FrameEncoding encoding, byte[] data, int width, int height) {
        return VideoFrame.newBuilder()
                .setCameraId(camera)
                .setSeq(seq)
                .setCaptureTime(Instant.ofEpochSecond(1_700_000_000L).plusNanos(seq * 33_333_000L))
                .setFps(30f)
                .setWidth(width)
                .setHeight(height)
                .setEncoding(encoding)
                .setData(ByteBuffer.wrap(data))
                .build();
    }

    /** Sends one record (key: the camera id as UTF-8, or none). */
    public void send(String topic, String key, byte[] value) {
        producer.send(new ProducerRecord<>(topic, key == null ? null : key.getBytes(StandardCharsets.UTF_8), value));
    }

    /** Sends frames {@code fromSeq..toSeq-1} of cameras cam-0 … cam-(n-1), 48×40 JPEG, interleaved, and flushes. */
    public void sendFrames(String topic, int cameras, long fromSeq, long toSeq) throws IOException {
        for (long seq = fromSeq; seq < toSeq; seq++) {
            for (int c = 0; c < cameras; c++) {
                String camera = "cam-" + c;
                send(
                        topic,
                        camera,
                        FRAMES.encode(frame(camera, seq, FrameEncoding.JPEG, jpeg(c, seq, 48, 40), 48, 40)));
            }
        }
        producer.flush();
    }

    /** Waits until everything sent is acknowledged. */
    public void flush() {
        producer.flush();
    }

    /**
     * Reads a topic with read_committed from the start until {@code expected} values or the
     * timeout, then 3 s longer, so that duplicates beyond the expected count would be seen.
     */
    public <T> List<T> read(String topic, int expected, Duration timeout, Function<byte[], T> decode) {
        List<T> out = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> record : records(topic, expected, timeout)) {
            out.add(decode.apply(record.value()));
        }
        return out;
    }

    /** As {@link #read}, the records themselves (keys, partitions, offsets). */
    public List<ConsumerRecord<byte[], byte[]>> records(String topic, int expected, Duration timeout) {
        List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        try (KafkaConsumer<byte[], byte[]> consumer = KafkaClients.readCommitted(bootstrap, "it", true)) {
            consumer.subscribe(List.of(topic));
            while (out.size() < expected && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(500)).forEach(out::add);
            }
            long settle = System.nanoTime() + Duration.ofSeconds(3).toNanos();
            while (System.nanoTime() < settle) {
                consumer.poll(Duration.ofMillis(500)).forEach(out::add);
            }
        }
        return out;
    }

    /** @return a decoder that fails the test, naming the cause, on anything but a message of the serde's type */
    public static <T extends org.apache.avro.specific.SpecificRecordBase> Function<byte[], T> decoder(
            SingleObjectSerde<T> serde) {
        return bytes -> {
            try {
                return serde.decode(bytes);
            } catch (MessageFormatException e) {
                throw new AssertionError("an event did not decode: " + e.getMessage(), e);
            }
        };
    }

    /** The windows the specification promises for a camera sending frames 0..n-1 without loss. */
    public static List<List<Long>> expectedWindows(long n, int frames, int stride, int hop) {
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
