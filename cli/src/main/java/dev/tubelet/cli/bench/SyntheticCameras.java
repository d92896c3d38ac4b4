package dev.tubelet.cli.bench;

import dev.tubelet.commandline.KafkaClients;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.locks.LockSupport;
import javax.imageio.ImageIO;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * N cameras sending JPEG frames (320×240 unless told) at F fps each, in real time: camera c's k-th frame is
 * due at {@code (j_c + k + c / N) / F} seconds (the cameras are not in step, as real ones are not),
 * is stamped with the wall clock as its capture time when it is sent, and is a message encoded
 * ahead ({@link PreEncodedFrames}). Camera c joins at frame {@code j_c}: the cameras join one by one
 * over the first three quarters of the warm-up, so that the JVM compiles the hot paths under a
 * growing load instead of building a backlog that the measured seconds would inherit; from the end
 * of the warm-up all N send, until the same end. Records how far behind its schedule the producer
 * ever fell, warm-up included.
 */
final class SyntheticCameras implements Runnable {
    static final int WIDTH = 320;
    static final int HEIGHT = 240;

    /** Share of the warm-up over which the cameras join. */
    static final double RAMP_SHARE = 0.75;

    private final String bootstrap;
    private final String topic;
    private final int cameras;
    private final double fps;
    /** Frame index (on the common schedule) at which each camera joins. */
    private final long[] joins;
    /** Frames on the common schedule: warm-up and measured seconds. */
    private final long scheduleFrames;
    /** Frame index at which the measured seconds start. */
    private final long measuredFromFrame;

    private final List<PreEncodedFrames> encoded = new ArrayList<>();
    private volatile long sent;
    private volatile long sentMeasured;
    private volatile double maxBehindSeconds;
    private volatile long startNanos;

    /**
     * @param bootstrap the broker
     * @param topic the frames topic
     * @param cameras how many
     * @param fps frames per second per camera
     * @param warmupSeconds how long the warm-up lasts (the cameras join during it)
     * @param seconds how long all of them send after it
     * @param width frame width
     * @param height frame height
     */
    SyntheticCameras(
            String bootstrap,
            String topic,
            int cameras,
            double fps,
            double warmupSeconds,
            double seconds,
            int width,
            int height)
            throws IOException {
        this.bootstrap = bootstrap;
        this.topic = topic;
        this.cameras = cameras;
        this.fps = fps;
        this.scheduleFrames = (long) Math.floor(fps * (warmupSeconds + seconds));
        this.measuredFromFrame = (long) Math.ceil(fps * warmupSeconds);
        this.joins = joins(cameras, (long) Math.floor(fps * warmupSeconds * RAMP_SHARE));
        List<byte[]> jpegs = images(8, width, height);
        for (int c = 0; c < cameras; c++) {
            encoded.add(new PreEncodedFrames(name(c), jpegs, width, height, (float) fps));
        }
    }

    /** Camera c joins at frame {@code floor(rampFrames × c / cameras)}. */
    static long[] joins(int cameras, long rampFrames) {
        long[] joins = new long[cameras];
        for (int c = 0; c < cameras; c++) {
            joins[c] = rampFrames * c / cameras;
        }
        return joins;
    }

    static String name(int camera) {
        return "bench-cam-" + camera;
    }

    /** @return frames each camera sends, by camera */
    long[] framesPerCamera() {
        long[] frames = new long[cameras];
        for (int c = 0; c < cameras; c++) {
            frames[c] = scheduleFrames - joins[c];
        }
        return frames;
    }

    @Override
    public void run() {
        try (KafkaProducer<byte[], byte[]> producer = KafkaClients.idempotentProducer(bootstrap)) {
            byte[][] keys = new byte[cameras][];
            for (int c = 0; c < cameras; c++) {
                keys[c] = name(c).getBytes(StandardCharsets.UTF_8);
            }
            long start = System.nanoTime();
            startNanos = start;
            double periodNanos = 1e9 / fps;
            for (long f = 0; f < scheduleFrames; f++) {
                for (int c = 0; c < cameras; c++) {
                    if (f < joins[c]) {
                        continue;
                    }
                    long due = start + (long) ((f + (double) c / cameras) * periodNanos);
                    long now = System.nanoTime();
                    if (due - now > 200_000) {
                        LockSupport.parkNanos(due - now);
                        now = System.nanoTime();
                    }
                    double behind = (now - due) / 1e9;
                    if (behind > maxBehindSeconds) {
                        maxBehindSeconds = behind;
                    }
                    Instant wall = Instant.now();
                    long capture = wall.getEpochSecond() * 1_000_000L + wall.getNano() / 1_000;
                    producer.send(
                            new ProducerRecord<>(topic, keys[c], encoded.get(c).message(f - joins[c], capture)));
                    sent++;
                    if (f >= measuredFromFrame) {
                        sentMeasured++;
                    }
                }
            }
            producer.flush();
        }
    }

    /** @return frames sent so far */
    long sent() {
        return sent;
    }

    /** @return frames sent in the measured seconds (after the warm-up) so far */
    long sentMeasured() {
        return sentMeasured;
    }

    /** @return the producer's largest lag behind its schedule, seconds */
    double maxBehindSeconds() {
        return maxBehindSeconds;
    }

    /** @return when sending started ({@link System#nanoTime}), 0 before */
    long startNanos() {
        return startNanos;
    }

    /** Camera-like 320×240 JPEGs. */
    static List<byte[]> images(int count) throws IOException {
        return images(count, WIDTH, HEIGHT);
    }

    /**
     * Camera-like JPEGs (sensor noise, soft shapes), 12–15 KB at 320×240 and quality 85, as the
     * 10–15 KB frames of real cameras at that size; plain drawings would be 3 KB and flatter the
     * decoder.
     */
    static List<byte[]> images(int count, int width, int height) throws IOException {
        Random random = new Random(7);
        List<byte[]> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
            for (int y = 0; y < height; y++) {
                for (int x = 0; x < width; x++) {
                    int base = 90 + (x + y) / 8;
                    int n = (int) (random.nextGaussian() * 14);
                    int v = Math.max(0, Math.min(255, base + n));
                    image.setRGB(x, y, (v << 16) | (Math.max(0, v - 20) << 8) | Math.min(255, v + 15));
                }
            }
            Graphics2D g = image.createGraphics();
            for (int k = 0; k < 5; k++) {
                g.setColor(new Color(random.nextInt(256), random.nextInt(256), random.nextInt(256)));
                g.fillOval((20 + i * 30 + k * 17) * width / WIDTH, (40 + k * 25) * height / HEIGHT, 40 + k * 3, 70);
            }
            g.dispose();
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            ImageIO.write(image, "jpg", bytes);
            out.add(bytes.toByteArray());
        }
        return out;
    }
}
