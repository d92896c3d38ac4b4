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
    /**
     * The load between two readings.
     *
     * @param cores CPU seconds per second the process used, NaN when unknown
     * @param jitMs milliseconds the JIT compilers spent compiling, -1 when unknown
     * @param jitShare share of that CPU time spent compiling, NaN when unknown
     */
    public record Between(double cores, long jitMs, double jitShare) {}

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
     * @param later a later reading
     * @return the load between this reading and that one
     */
    public Between until(ProcessLoad later) {
        boolean cpuKnown = cpuNanos >= 0 && later.cpuNanos >= 0 && later.nanos > nanos;
        boolean jitKnown = jitMillis >= 0 && later.jitMillis >= 0;
        long cpu = later.cpuNanos - cpuNanos;
        long jit = later.jitMillis - jitMillis;
        return new Between(
                cpuKnown ? (double) cpu / (later.nanos - nanos) : Double.NaN,
                jitKnown ? jit : -1,
                cpuKnown && jitKnown && cpu > 0 ? jit * 1e6 / cpu : Double.NaN);
    }
}
