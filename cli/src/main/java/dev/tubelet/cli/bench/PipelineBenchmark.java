package dev.tubelet.cli.bench;

import dev.tubelet.cli.local.LocalJob;
import dev.tubelet.commandline.KafkaClients;
import dev.tubelet.jobs.config.Delivery;
import dev.tubelet.jobs.config.JobConfig;
import dev.tubelet.jobs.pipeline.PreparedJob;
import dev.tubelet.kafka.embedded.EmbeddedKafka;
import dev.tubelet.schema.ActionEvent;
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
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import javax.imageio.ImageIO;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.core.execution.JobClient;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Synthetic cameras through the real embedded broker and the real job: N cameras send JPEG frames
 * at F fps in real time (capture time = wall clock) for S seconds; a read_committed consumer times
 * each event from the capture of its window's last frame to the moment the consumer sees it.
 */
public final class PipelineBenchmark {
    static {
        TrustedPackages.register();
    }

    /**
     * @param delivery the delivery mode measured
     * @param framesPerSecond frames sent per second, all cameras
     * @param windowsPerSecond events received per second of sending
     * @param expectedWindows windows the frames sent make
     * @param receivedWindows events received
     * @param keptUp whether every expected event arrived within the drain allowance after sending stopped
     * @param p50Ms capture-to-consumer latency, median
     * @param p95Ms 95th percentile
     * @param p99Ms 99th percentile
     * @param stateBytesPerCamera the last completed checkpoint's size over the cameras
     */
    public record Figures(
            Delivery delivery,
            double framesPerSecond,
            double windowsPerSecond,
            long expectedWindows,
            long receivedWindows,
            boolean keptUp,
            double p50Ms,
            double p95Ms,
            double p99Ms,
            long stateBytesPerCamera) {}

    private PipelineBenchmark() {}

    /**
     * @param kafka the broker
     * @param base the prepared job (its topics, group and transactional ids are replaced by fresh ones)
     * @param cameras synthetic cameras
     * @param fps frames per second per camera
     * @param seconds sending time
     * @param webPort a free port for the job's REST API (checkpoint sizes)
     * @return the figures
     */
    public static Figures run(
            EmbeddedKafka kafka, PreparedJob base, int cameras, double fps, double seconds, int webPort)
            throws Exception {
        String run = base.config().delivery().text() + "-"
                + UUID.randomUUID().toString().substring(0, 8);
        JobConfig.Topics topics = JobConfig.Topics.prefixed("bench." + run);
        JobConfig cfg = base.config().toBuilder()
                .topics(topics)
                .groupId("bench-" + run)
                .startingOffsets("earliest")
                .transactionalIdPrefix("bench-" + run)
                .build();
        JobClient job = LocalJob.environment(new PreparedJob(cfg, base.model()), webPort)
                .executeAsync("tubelet-bench-" + run);
        try {
            while (job.getJobStatus().get() != JobStatus.RUNNING) {
                Thread.sleep(100);
            }
            List<byte[]> images = images(8);
            AtomicBoolean sending = new AtomicBoolean(true);
            List<Double> latencies = new ArrayList<>();
            AtomicLong received = new AtomicLong();
            Thread consumer = new Thread(() -> consume(
                    kafka.bootstrapServers(),
                    topics.actions(),
                    sending,
                    latencies,
                    received,
                    expected(cameras, fps, seconds, cfg)));
            consumer.start();
            long sent = produce(kafka.bootstrapServers(), topics.frames(), cameras, fps, seconds, images);
            sending.set(false);
            long drainAllowance = cfg.checkpointInterval().toMillis() * 2 + 10_000;
            consumer.join(drainAllowance + 30_000);
            long expected = expected(cameras, fps, seconds, cfg);
            double[] sorted;
            synchronized (latencies) {
                sorted = latencies.stream()
                        .mapToDouble(Double::doubleValue)
                        .sorted()
                        .toArray();
            }
            long stateBytes = checkpointSize(webPort, job.getJobID().toHexString());
            return new Figures(
                    cfg.delivery(),
                    sent / seconds,
                    received.get() / seconds,
                    expected,
                    received.get(),
                    received.get() >= expected,
                    percentile(sorted, 0.50),
                    percentile(sorted, 0.95),
                    percentile(sorted, 0.99),
                    stateBytes < 0 ? -1 : stateBytes / cameras);
        } finally {
            LocalJob.stop(job);
        }
    }

    static long expected(int cameras, double fps, double seconds, JobConfig cfg) {
        long frames = (long) Math.floor(fps * seconds);
        long sampled = (frames + cfg.window().stride() - 1) / cfg.window().stride();
        long windows = sampled < cfg.window().frames()
                ? 0
                : 1 + (sampled - cfg.window().frames()) / cfg.window().hop();
        return windows * cameras;
    }

    private static List<byte[]> images(int count) throws IOException {
        List<byte[]> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            BufferedImage image = new BufferedImage(320, 240, BufferedImage.TYPE_3BYTE_BGR);
            Graphics2D g = image.createGraphics();
            g.setColor(new Color(60, 110, 70));
            g.fillRect(0, 0, 320, 240);
            g.setColor(new Color(230, 190, 40));
            g.fillOval(20 + i * 30, 80, 40, 90);
            g.dispose();
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            ImageIO.write(image, "jpg", bytes);
            out.add(bytes.toByteArray());
        }
        return out;
    }

    private static long produce(
            String bootstrap, String topic, int cameras, double fps, double seconds, List<byte[]> images)
            throws Exception {
        SingleObjectSerde<VideoFrame> serde = SingleObjectSerde.of(VideoFrame.class);
        long frames = (long) Math.floor(fps * seconds);
        long start = System.nanoTime();
        long sent = 0;
        try (KafkaProducer<byte[], byte[]> producer = KafkaClients.idempotentProducer(bootstrap)) {
            for (long seq = 0; seq < frames; seq++) {
                long due = start + (long) (seq * 1e9 / fps);
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                }
                for (int c = 0; c < cameras; c++) {
                    String camera = "bench-cam-" + c;
                    byte[] data = images.get((int) ((seq + c) % images.size()));
                    VideoFrame frame = VideoFrame.newBuilder()
                            .setCameraId(camera)
                            .setSeq(seq)
                            .setCaptureTime(Instant.now())
                            .setFps((float) fps)
                            .setWidth(320)
                            .setHeight(240)
                            .setEncoding(FrameEncoding.JPEG)
                            .setData(ByteBuffer.wrap(data))
                            .build();
                    producer.send(
                            new ProducerRecord<>(topic, camera.getBytes(StandardCharsets.UTF_8), serde.encode(frame)));
                    sent++;
                }
            }
            producer.flush();
        }
        return sent;
    }

    private static void consume(
            String bootstrap,
            String topic,
            AtomicBoolean sending,
            List<Double> latencies,
            AtomicLong received,
            long expected) {
        SingleObjectSerde<ActionEvent> serde = SingleObjectSerde.of(ActionEvent.class);
        long quietSince = -1;
        try (KafkaConsumer<byte[], byte[]> consumer = KafkaClients.readCommitted(bootstrap, "bench", true)) {
            consumer.subscribe(List.of(topic));
            while (true) {
                var records = consumer.poll(Duration.ofMillis(200));
                Instant now = Instant.now();
                for (ConsumerRecord<byte[], byte[]> record : records) {
                    try {
                        ActionEvent event = serde.decode(record.value());
                        double ms = Duration.between(event.getWindowEnd(), now).toNanos() / 1e6;
                        synchronized (latencies) {
                            latencies.add(ms);
                        }
                        received.incrementAndGet();
                    } catch (MessageFormatException e) {
                        // not an event of ours: not counted
                    }
                }
                if (!sending.get()) {
                    if (received.get() >= expected) {
                        return;
                    }
                    if (quietSince < 0) {
                        quietSince = System.nanoTime();
                    } else if (System.nanoTime() - quietSince
                            > Duration.ofSeconds(30).toNanos()) {
                        return;
                    }
                }
            }
        }
    }

    private static long checkpointSize(int port, String jobId) {
        try {
            HttpResponse<String> response = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(
                                            URI.create("http://localhost:" + port + "/jobs/" + jobId + "/checkpoints"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            var json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(response.body());
            var latest = json.path("latest").path("completed");
            return latest.isMissingNode() || latest.isNull()
                    ? -1
                    : latest.path("state_size").asLong(-1);
        } catch (Exception e) {
            return -1;
        }
    }

    private static double percentile(double[] sorted, double q) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int index = (int) Math.ceil(q * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }
}
