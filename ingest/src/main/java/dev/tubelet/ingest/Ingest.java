package dev.tubelet.ingest;

import dev.tubelet.commandline.KafkaClients;
import dev.tubelet.kafka.config.BrokerWatch;
import dev.tubelet.kafka.config.KafkaClientConfig;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.producer.Producer;

/**
 * Runs one or more cameras into Kafka, one thread each, with one idempotent producer, and prints
 * a progress line per camera every few seconds. {@link #run} returns when every camera is done
 * (end of file, frame limit) or {@code stop} is set; the producer is flushed and closed.
 */
public final class Ingest {
    private Ingest() {}

    /** As {@link #run(String, KafkaClientConfig, String, List, AtomicBoolean, PrintWriter, Duration)}, plaintext. */
    public static List<IngestStats> run(
            String bootstrap,
            String topic,
            List<IngestOptions> cameras,
            AtomicBoolean stop,
            PrintWriter progress,
            Duration every)
            throws InterruptedException {
        return run(bootstrap, KafkaClientConfig.none(), topic, cameras, stop, progress, every);
    }

    /**
     * @param bootstrap Kafka bootstrap servers
     * @param kafka client settings ({@code --kafka-config}: security)
     * @param topic the frames topic
     * @param cameras the cameras
     * @param stop set to stop (Ctrl-C)
     * @param progress where progress lines go, or null
     * @param every how often
     * @return each camera's figures, in order
     */
    public static List<IngestStats> run(
            String bootstrap,
            KafkaClientConfig kafka,
            String topic,
            List<IngestOptions> cameras,
            AtomicBoolean stop,
            PrintWriter progress,
            Duration every)
            throws InterruptedException {
        List<CameraIngest> ingests = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        List<Throwable> failures = new ArrayList<>();
        try (Producer<byte[], byte[]> producer = KafkaClients.idempotentProducer(bootstrap, kafka);
                BrokerWatch watch = new BrokerWatch(bootstrap, kafka, Duration.ofSeconds(10), "ingest")) {
            for (IngestOptions camera : cameras) {
                CameraIngest ingest = new CameraIngest(camera, producer, topic, stop);
                Thread thread = new Thread(ingest, "ingest-" + camera.cameraId());
                thread.setUncaughtExceptionHandler((t, e) -> {
                    synchronized (failures) {
                        failures.add(e);
                    }
                });
                ingests.add(ingest);
                threads.add(thread);
                thread.start();
            }
            long start = System.nanoTime();
            long[] lastFrames = new long[cameras.size()];
            long[] lastBytes = new long[cameras.size()];
            long lastReport = start;
            while (threads.stream().anyMatch(Thread::isAlive)) {
                for (Thread thread : threads) {
                    thread.join(100);
                }
                long now = System.nanoTime();
                if (progress != null && now - lastReport >= every.toNanos()) {
                    double seconds = (now - lastReport) / 1e9;
                    for (int i = 0; i < ingests.size(); i++) {
                        IngestStats s = ingests.get(i).stats();
                        progress.printf(
                                Locale.ROOT,
                                "%s: %d frames, %.1f frames/s, %.0f KB/s, %d dropped, %d reconnects%n",
                                cameras.get(i).cameraId(),
                                s.frames(),
                                (s.frames() - lastFrames[i]) / seconds,
                                (s.bytes() - lastBytes[i]) / 1024.0 / seconds,
                                s.dropped(),
                                s.reconnects());
                        lastFrames[i] = s.frames();
                        lastBytes[i] = s.bytes();
                    }
                    Duration unreachable = watch.unreachableFor();
                    if (!unreachable.isZero()) {
                        progress.printf(
                                Locale.ROOT,
                                "Kafka at %s unreachable for %d s (outages so far: %d): frames wait in the producer, "
                                        + "then the cameras wait%n",
                                KafkaClientConfig.redactBootstrap(bootstrap),
                                unreachable.toSeconds(),
                                watch.outages());
                    }
                    progress.flush();
                    lastReport = now;
                }
            }
            producer.flush();
            if (progress != null && watch.outages() > 0) {
                progress.printf(
                        Locale.ROOT,
                        "Kafka was unreachable %d times, %d s in all (frames not delivered in time are among the dropped)%n",
                        watch.outages(),
                        watch.unreachableTotal().toSeconds());
                progress.flush();
            }
        }
        if (!failures.isEmpty()) {
            Throwable first = failures.get(0);
            throw first instanceof RuntimeException ? (RuntimeException) first : new IllegalStateException(first);
        }
        List<IngestStats> stats = new ArrayList<>();
        for (CameraIngest ingest : ingests) {
            stats.add(ingest.stats());
        }
        return stats;
    }
}
