package dev.tubelet.cli.bench;

import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;

/**
 * The benchmark process's CPU time and JIT compilation time at one moment. The process holds the
 * broker, the producer and the job, so two of these say how many cores the whole run used and how
 * much of that was the JIT compiling, the warm-up's main cost on a small machine.
 *
 * @param nanos when it was taken ({@link System#nanoTime()})
 * @param cpuNanos CPU time of the process, all threads, -1 when the JVM cannot tell
 * @param jitMillis time the JIT compilers have spent compiling, -1 when the JVM cannot tell
 */
public record ProcessLoad(long nanos, long cpuNanos, long jitMillis) {
    /** @return the load now */
    public static ProcessLoad now() {
        long cpu = -1;
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            cpu = os.getProcessCpuTime();
        }
        CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        long jitMillis = jit != null && jit.isCompilationTimeMonitoringSupported() ? jit.getTotalCompilationTime() : -1;
        return new ProcessLoad(System.nanoTime(), cpu, jitMillis);
    }

    /**
     * @param later a later load
     * @return cores used on average between the two (CPU seconds per second), NaN when unknown
     */
    public double coresUntil(ProcessLoad later) {
        if (cpuNanos < 0 || later.cpuNanos < 0 || later.nanos <= nanos) {
            return Double.NaN;
        }
        return (double) (later.cpuNanos - cpuNanos) / (later.nanos - nanos);
    }

    /**
     * @param later a later load
     * @return share of that CPU time spent compiling (both JIT compilers), NaN when unknown
     */
    public double jitShareUntil(ProcessLoad later) {
        if (jitMillis < 0 || later.jitMillis < 0 || cpuNanos < 0 || later.cpuNanos <= cpuNanos) {
            return Double.NaN;
        }
        return (later.jitMillis - jitMillis) * 1e6 / (later.cpuNanos - cpuNanos);
    }

    /**
     * @param later a later load
     * @return milliseconds spent compiling between the two, -1 when unknown
     */
    public long jitMillisUntil(ProcessLoad later) {
        return jitMillis < 0 || later.jitMillis < 0 ? -1 : later.jitMillis - jitMillis;
    }
}
