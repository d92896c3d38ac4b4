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
 * due at {@code (k + c / N) / F} seconds (the cameras are not in step, as real ones are not), is
 * stamped with the wall clock as its capture time when it is sent, and is a message encoded ahead
 * ({@link PreEncodedFrames}). Records how far behind its schedule it ever fell.
 */
final class SyntheticCameras implements Runnable {
    static final int WIDTH = 320;
    static final int HEIGHT = 240;

    private final int width;
    private final int height;

    private final String bootstrap;
    private final String topic;
    private final int cameras;
    private final double fps;
    private final long framesPerCamera;
    private final List<PreEncodedFrames> encoded = new ArrayList<>();
    private volatile long sent;
    private volatile double maxBehindSeconds;
    private volatile long startNanos;

    /**
     * @param bootstrap the broker
     * @param topic the frames topic
     * @param cameras how many
     * @param fps frames per second per camera
     * @param seconds how long they send
     * @param width frame width
     * @param height frame height
     */
    SyntheticCameras(String bootstrap, String topic, int cameras, double fps, double seconds, int width, int height)
            throws IOException {
        this.width = width;
        this.height = height;
        this.bootstrap = bootstrap;
        this.topic = topic;
        this.cameras = cameras;
        this.fps = fps;
        this.framesPerCamera = (long) Math.floor(fps * seconds);
        List<byte[]> jpegs = images(8, width, height);
        for (int c = 0; c < cameras; c++) {
            encoded.add(new PreEncodedFrames(name(c), jpegs, width, height, (float) fps));
        }
    }

    static String name(int camera) {
        return "bench-cam-" + camera;
    }

    /** @return frames each camera sends */
    long framesPerCamera() {
        return framesPerCamera;
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
            for (long k = 0; k < framesPerCamera; k++) {
                for (int c = 0; c < cameras; c++) {
                    long due = start + (long) ((k + (double) c / cameras) * periodNanos);
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
                            new ProducerRecord<>(topic, keys[c], encoded.get(c).message(k, capture)));
                    sent++;
                }
            }
            producer.flush();
        }
    }

    /** @return frames sent so far */
    long sent() {
        return sent;
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
