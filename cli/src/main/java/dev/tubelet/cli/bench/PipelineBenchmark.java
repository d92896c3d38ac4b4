package dev.tubelet.cli.bench;

import dev.tubelet.cli.local.LocalJob;
import dev.tubelet.jobs.config.Delivery;
import dev.tubelet.jobs.config.JobConfig;
import dev.tubelet.jobs.pipeline.PreparedJob;
import dev.tubelet.kafka.embedded.EmbeddedKafka;
import dev.tubelet.operators.metrics.MetricNames;
import dev.tubelet.schema.TrustedPackages;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.core.execution.JobClient;

/**
 * Synthetic cameras through the real embedded broker and the real job ({@link SyntheticCameras}:
 * N cameras, F fps each, in real time, capture time = wall clock); a read_committed consumer times
 * each event from the capture of its window's last frame ({@link EventLatencies}). The first
 * {@code warmup} seconds are sent and processed like the rest but not timed (the JVM compiles the
 * hot paths then); the figures cover the measured seconds that follow. Whether the run kept up is
 * {@link KeptUp}'s verdict; the job's own metrics give the CPU time per frame by stage.
 */
public final class PipelineBenchmark {
    static {
        TrustedPackages.register();
    }

    /**
     * @param delivery the delivery mode measured
     * @param cameras cameras sending
     * @param framesPerSecond frames sent per second after the warm-up, all cameras
     * @param windowsPerSecond events of windows that ended after the warm-up, per measured second
     * @param expectedWindows windows the frames sent make
     * @param receivedWindows events received
     * @param keptUp whether the run kept up ({@link KeptUp})
     * @param keptUpReason why not, or ""
     * @param producerBehindS the producer's largest lag behind its schedule
     * @param p50Ms capture-to-consumer latency after the warm-up, median
     * @param p95Ms 95th percentile
     * @param p99Ms 99th percentile
     * @param p95UnloadedMs 95th percentile over the last 10 s of the warm-up (every camera sending)
     * @param p95FirstThirdMs 95th percentile over the first third of the measured seconds
     * @param p95LastThirdMs over the last third
     * @param cpuMsPerFrame CPU milliseconds per frame received by stage, over the measured seconds
     * @param checkpointBytesPerCamera the last completed checkpoint's size over the cameras, -1 for none
     * @param checkpointMs its duration, end to end
     * @param checkpointsFailed checkpoints that failed after the warm-up
     * @param planeCacheHitRatio share of window frames whose planes were in memory
     * @param p95Per10sMs 95th percentile latency of the windows that ended in each 10 s from the
     *     start of sending, warm-up included: the shape of the run
     * @param memory the process's heap after GC and RSS over the run (empty unless sampled)
     * @param heapSlopeMbPerMin heap-after-GC slope after the warm-up, NaN without enough samples
     * @param rssSlopeMbPerMin RSS slope after the warm-up
     * @param warmup the process's load over the warm-up (broker, producer and job together)
     * @param measured its load over the measured seconds
     */
    public record Figures(
            Delivery delivery,
            int cameras,
            double framesPerSecond,
            double windowsPerSecond,
            long expectedWindows,
            long receivedWindows,
            boolean keptUp,
            String keptUpReason,
            double producerBehindS,
            double p50Ms,
            double p95Ms,
            double p99Ms,
            double p95UnloadedMs,
            double p95FirstThirdMs,
            double p95LastThirdMs,
            Map<String, Double> cpuMsPerFrame,
            long checkpointBytesPerCamera,
            long checkpointMs,
            long checkpointsFailed,
            double planeCacheHitRatio,
            List<Double> p95Per10sMs,
            List<MemoryTrend.Sample> memory,
            double heapSlopeMbPerMin,
            double rssSlopeMbPerMin,
            ProcessLoad.Between warmup,
            ProcessLoad.Between measured) {}

    private PipelineBenchmark() {}

    /**
     * @param kafka the broker
     * @param base the prepared job (its topics, group and transactional ids are replaced by fresh ones)
     * @param cameras synthetic cameras
     * @param fps frames per second per camera
     * @param seconds measured sending time
     * @param warmupSeconds sending time before it, not timed
     * @param frameSize the frames' width and height
     * @param webPort a free port for the job's REST API
     * @param memoryEverySeconds seconds between memory samples, 0 for none
     * @return the figures
     */
    public static Figures run(
            EmbeddedKafka kafka,
            PreparedJob base,
            int cameras,
            double fps,
            double seconds,
            double warmupSeconds,
            int[] frameSize,
            int webPort,
            double memoryEverySeconds)
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
        try (MemoryTrend memory = new MemoryTrend(memoryEverySeconds)) {
            while (job.getJobStatus().get() != JobStatus.RUNNING) {
                Thread.sleep(100);
            }
            JobFigures figures = new JobFigures(webPort, job.getJobID().toHexString());
            SyntheticCameras senders = new SyntheticCameras(
                    kafka.bootstrapServers(),
                    topics.frames(),
                    cameras,
                    fps,
                    warmupSeconds,
                    seconds,
                    frameSize[0],
                    frameSize[1]);
            long expected = expected(
                    senders.framesPerCamera(),
                    cfg.window().stride(),
                    cfg.window().frames(),
                    cfg.window().hop());
            Thread producer = new Thread(senders, "bench-cameras");
            Duration drain = Duration.ofMillis(cfg.checkpointInterval().toMillis() * 2 + 30_000);
            EventLatencies latencies =
                    new EventLatencies(kafka.bootstrapServers(), topics.actions(), expected, producer::isAlive, drain);
            Thread consumer = new Thread(latencies, "bench-consumer");
            consumer.start();
            producer.start();
            long warmupMicros = -1;
            while (senders.startNanos() == 0 && producer.isAlive()) {
                Thread.sleep(10);
            }
            long startWallMicros = System.currentTimeMillis() * 1000;
            ProcessLoad atStart = ProcessLoad.now();
            Thread.sleep((long) (warmupSeconds * 1000));
            warmupMicros = startWallMicros + (long) (warmupSeconds * 1e6);
            JobFigures.Snapshot atWarmup = figures.read();
            ProcessLoad warmedUp = ProcessLoad.now();
            producer.join();
            ProcessLoad sent = ProcessLoad.now();
            consumer.join(drain.toMillis() + 60_000);
            JobFigures.Snapshot atEnd = figures.read();
            return figures(
                    cfg.delivery(),
                    cameras,
                    seconds,
                    warmupSeconds,
                    senders,
                    expected,
                    latencies.events(),
                    warmupMicros,
                    atWarmup,
                    atEnd,
                    memory.samples(),
                    atStart.until(warmedUp),
                    warmedUp.until(sent));
        } finally {
            LocalJob.stop(job);
        }
    }

    static Figures figures(
            Delivery delivery,
            int cameras,
            double seconds,
            double warmupSeconds,
            SyntheticCameras senders,
            long expected,
            List<EventLatencies.Event> events,
            long warmupEndMicros,
            JobFigures.Snapshot atWarmup,
            JobFigures.Snapshot atEnd,
            List<MemoryTrend.Sample> memory,
            ProcessLoad.Between warmupLoad,
            ProcessLoad.Between measuredLoad) {
        List<EventLatencies.Event> measured = events.stream()
                .filter(e -> e.windowEndMicros() >= warmupEndMicros)
                .sorted(Comparator.comparingLong(EventLatencies.Event::windowEndMicros))
                .toList();
        double[] all = latencies(measured);
        long thirdMicros = (long) (seconds * 1e6 / 3);
        double[] first = latencies(measured.stream()
                .filter(e -> e.windowEndMicros() < warmupEndMicros + thirdMicros)
                .toList());
        double[] last = latencies(measured.stream()
                .filter(e -> e.windowEndMicros() >= warmupEndMicros + 2 * thirdMicros)
                .toList());
        double p95First = percentile(first, 0.95);
        double p95Last = percentile(last, 0.95);
        long startMicros = warmupEndMicros - (long) (warmupSeconds * 1e6);
        double p95Unloaded = percentile(
                latencies(events.stream()
                        .filter(e -> e.windowEndMicros() < startMicros + 10_000_000L)
                        .toList()),
                0.95);
        KeptUp.Verdict verdict =
                KeptUp.judge(expected, events.size(), senders.maxBehindSeconds(), p95Unloaded, p95First, p95Last);
        return new Figures(
                delivery,
                cameras,
                senders.sentMeasured() / seconds,
                measured.size() / seconds,
                expected,
                events.size(),
                verdict.keptUp(),
                verdict.reason(),
                senders.maxBehindSeconds(),
                percentile(all, 0.50),
                percentile(all, 0.95),
                percentile(all, 0.99),
                p95Unloaded,
                p95First,
                p95Last,
                cpuMsPerFrame(atWarmup, atEnd),
                atEnd.checkpointBytes() < 0 ? -1 : atEnd.checkpointBytes() / cameras,
                atEnd.checkpointMs(),
                atEnd.checkpointsFailed() - atWarmup.checkpointsFailed(),
                atEnd.get(MetricNames.PLANE_CACHE_HIT_RATIO),
                p95Per10s(events, startMicros),
                memory,
                MemoryTrend.slopeMbPerMinute(memory, warmupSeconds, MemoryTrend.Sample::heapAfterGcMb),
                MemoryTrend.slopeMbPerMinute(memory, warmupSeconds, MemoryTrend.Sample::rssMb),
                warmupLoad,
                measuredLoad);
    }

    /** p95 latency by 10 s of window end, from {@code startMicros}; NaN where none ended. */
    static List<Double> p95Per10s(List<EventLatencies.Event> events, long startMicros) {
        TreeMap<Long, List<EventLatencies.Event>> buckets = new TreeMap<>();
        for (EventLatencies.Event e : events) {
            long bucket = Math.max(0, (e.windowEndMicros() - startMicros) / 10_000_000L);
            buckets.computeIfAbsent(bucket, b -> new ArrayList<>()).add(e);
        }
        List<Double> out = new ArrayList<>();
        if (buckets.isEmpty()) {
            return out;
        }
        for (long b = 0; b <= buckets.lastKey(); b++) {
            List<EventLatencies.Event> in = buckets.getOrDefault(b, List.of());
            double p95 = percentile(latencies(in), 0.95);
            out.add(Double.isNaN(p95) ? p95 : Math.round(p95 * 10) / 10.0);
        }
        return out;
    }

    /** CPU milliseconds per frame received by stage, between two snapshots. */
    static Map<String, Double> cpuMsPerFrame(JobFigures.Snapshot from, JobFigures.Snapshot to) {
        double frames = to.get(MetricNames.FRAMES_RECEIVED) - from.get(MetricNames.FRAMES_RECEIVED);
        Map<String, Double> out = new LinkedHashMap<>();
        if (frames <= 0) {
            return out;
        }
        double total = 0;
        Map<String, List<String>> stages = new LinkedHashMap<>();
        stages.put("parse", List.of(MetricNames.CPU_NANOS_PARSE));
        stages.put("decode", List.of(MetricNames.CPU_NANOS_DECODE));
        stages.put("resize_normalize", List.of(MetricNames.CPU_NANOS_RESIZE, MetricNames.CPU_NANOS_NORMALIZE));
        stages.put("state", List.of(MetricNames.CPU_NANOS_STATE));
        stages.put("inference_wall", List.of(MetricNames.NANOS_INFERENCE));
        stages.put("sink", List.of(MetricNames.CPU_NANOS_SINK));
        for (Map.Entry<String, List<String>> stage : stages.entrySet()) {
            double nanos = 0;
            for (String metric : stage.getValue()) {
                nanos += to.get(metric) - from.get(metric);
            }
            double ms = nanos / 1e6 / frames;
            out.put(stage.getKey(), Math.round(ms * 10_000) / 10_000.0);
            total += ms;
        }
        out.put("total", Math.round(total * 10_000) / 10_000.0);
        return out;
    }

    /** Windows the cameras' frames make: each camera's frames are numbered from 0. */
    static long expected(long[] framesPerCamera, int stride, int windowFrames, int hop) {
        long total = 0;
        for (long frames : framesPerCamera) {
            long sampled = (frames + stride - 1) / stride;
            total += sampled < windowFrames ? 0 : 1 + (sampled - windowFrames) / hop;
        }
        return total;
    }

    private static double[] latencies(List<EventLatencies.Event> events) {
        return events.stream()
                .mapToDouble(EventLatencies.Event::latencyMs)
                .sorted()
                .toArray();
    }

    static double percentile(double[] sorted, double q) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int index = (int) Math.ceil(q * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }
}
