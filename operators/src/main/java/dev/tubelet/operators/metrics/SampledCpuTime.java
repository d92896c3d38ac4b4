package dev.tubelet.operators.metrics;

/**
 * CPU time of a per-record step, measured on one record in {@value #EVERY} and counted for all of
 * them: reading a thread's CPU clock is a system call (about 2 µs here), too dear to make twice
 * per frame at thousands of frames a second. Not thread-safe; one per operator instance.
 */
public final class SampledCpuTime {
    static final int EVERY = 16;

    private int records;
    private long totalNanos;

    /** @return a start mark, or -1 when this record is not measured */
    public long start() {
        return (++records & (EVERY - 1)) == 0 ? CpuTime.now() : -1;
    }

    /** @param start what {@link #start} returned for this record */
    public void stop(long start) {
        if (start >= 0) {
            totalNanos += (CpuTime.now() - start) * EVERY;
        }
    }

    /** @return the estimated CPU time of every record so far, nanoseconds */
    public long totalNanos() {
        return totalNanos;
    }
}
