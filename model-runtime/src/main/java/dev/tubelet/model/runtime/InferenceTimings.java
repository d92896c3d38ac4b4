package dev.tubelet.model.runtime;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.concurrent.atomic.LongAdder;

/**
 * Where a model's time goes, summed since it opened: CPU time filling input tensors (the
 * normalization of 8-bit planes) and wall time of ONNX Runtime's runs (which use their own
 * threads, so their CPU time is not the caller's). Thread-safe.
 */
public final class InferenceTimings {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final boolean CPU_TIME = THREADS.isCurrentThreadCpuTimeSupported();

    private final LongAdder tensorFillCpuNanos = new LongAdder();
    private final LongAdder runNanos = new LongAdder();

    /** @return the current thread's CPU time (wall time where the JVM cannot tell), nanoseconds */
    static long cpuNow() {
        return CPU_TIME ? THREADS.getCurrentThreadCpuTime() : System.nanoTime();
    }

    void addTensorFill(long cpuNanos) {
        tensorFillCpuNanos.add(cpuNanos);
    }

    void addRun(long wallNanos) {
        runNanos.add(wallNanos);
    }

    /** @return CPU time filling input tensors, nanoseconds */
    public long tensorFillCpuNanos() {
        return tensorFillCpuNanos.sum();
    }

    /** @return wall time of the model's runs, nanoseconds */
    public long runNanos() {
        return runNanos.sum();
    }
}
