package dev.tubelet.cli.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The benchmark process's memory over a run, for soak runs: every period a full collection, then
 * the heap in use (heap after GC: what the job, the broker and the cameras really hold) and the
 * resident set size from {@code /proc/self/status}. The slopes (least squares, MB per minute) over
 * the samples after the warm-up tell a leak from a plateau. The collection is explicit so that the
 * heap figure does not depend on when the collector last ran; it costs one pause per period.
 */
public final class MemoryTrend implements AutoCloseable {
    /**
     * @param seconds since the start of sending
     * @param heapAfterGcMb heap in use after a full collection
     * @param rssMb resident set size, -1 where /proc is not there
     */
    public record Sample(double seconds, double heapAfterGcMb, double rssMb) {}

    private final ScheduledExecutorService timer;
    private final long startNanos = System.nanoTime();
    private final List<Sample> samples = new ArrayList<>();

    /** @param periodSeconds seconds between samples, 0 for none */
    public MemoryTrend(double periodSeconds) {
        if (periodSeconds <= 0) {
            timer = null;
            return;
        }
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "bench-memory");
            t.setDaemon(true);
            return t;
        });
        long periodMs = (long) (periodSeconds * 1000);
        timer.scheduleAtFixedRate(this::sample, 0, periodMs, TimeUnit.MILLISECONDS);
    }

    private void sample() {
        ManagementFactory.getMemoryMXBean().gc();
        double heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / 1048576.0;
        Sample s = new Sample((System.nanoTime() - startNanos) / 1e9, heap, rssMb());
        synchronized (samples) {
            samples.add(s);
        }
    }

    /** @return the samples so far, in time order */
    public List<Sample> samples() {
        synchronized (samples) {
            return List.copyOf(samples);
        }
    }

    /**
     * @param samples samples in time order
     * @param fromSeconds the first second counted (the end of the warm-up)
     * @param value which figure
     * @return its least-squares slope in MB per minute over the samples from then, NaN for fewer than 3
     */
    public static double slopeMbPerMinute(
            List<Sample> samples, double fromSeconds, java.util.function.ToDoubleFunction<Sample> value) {
        List<Sample> in =
                samples.stream().filter(s -> s.seconds() >= fromSeconds).toList();
        if (in.size() < 3) {
            return Double.NaN;
        }
        double mx = in.stream().mapToDouble(Sample::seconds).average().orElse(0);
        double my = in.stream().mapToDouble(value).average().orElse(0);
        double sxy = 0;
        double sxx = 0;
        for (Sample s : in) {
            sxy += (s.seconds() - mx) * (value.applyAsDouble(s) - my);
            sxx += (s.seconds() - mx) * (s.seconds() - mx);
        }
        return sxx == 0 ? Double.NaN : sxy / sxx * 60;
    }

    static double rssMb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux: no RSS figure
        }
        return -1;
    }

    @Override
    public void close() {
        if (timer != null) {
            timer.shutdownNow();
        }
    }
}
