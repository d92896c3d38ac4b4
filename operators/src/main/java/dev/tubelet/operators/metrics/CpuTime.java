package dev.tubelet.operators.metrics;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * The current thread's CPU time, for the per-stage CPU metrics: what a stage costs, not how long
 * it waited for a core. Falls back to wall time where the JVM cannot measure thread CPU time.
 */
public final class CpuTime {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final boolean SUPPORTED = THREADS.isCurrentThreadCpuTimeSupported();

    private CpuTime() {}

    /** @return the current thread's CPU time in nanoseconds (an origin of its own: only differences mean something) */
    public static long now() {
        return SUPPORTED ? THREADS.getCurrentThreadCpuTime() : System.nanoTime();
    }
}
