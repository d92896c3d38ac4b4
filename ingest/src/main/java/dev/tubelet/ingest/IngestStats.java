package dev.tubelet.ingest;

import java.util.concurrent.atomic.AtomicLong;

/** What one camera's ingest has done so far; read by the progress line and the tests. */
public final class IngestStats {
    final AtomicLong frames = new AtomicLong();
    final AtomicLong bytes = new AtomicLong();
    final AtomicLong dropped = new AtomicLong();
    final AtomicLong reconnects = new AtomicLong();
    final AtomicLong firstSeq = new AtomicLong();

    /** @return frames sent */
    public long frames() {
        return frames.get();
    }

    /** @return JPEG bytes sent */
    public long bytes() {
        return bytes.get();
    }

    /** @return frames dropped by rate control */
    public long dropped() {
        return dropped.get();
    }

    /** @return the seq of the camera's first frame (its start in microseconds since the epoch; one more per frame) */
    public long firstSeq() {
        return firstSeq.get();
    }

    /** @return reconnections to the source */
    public long reconnects() {
        return reconnects.get();
    }
}
