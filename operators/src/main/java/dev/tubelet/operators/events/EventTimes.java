package dev.tubelet.operators.events;

import java.time.Instant;

/** Epoch microseconds, the job's time unit, as the Avro records' {@code timestamp-micros} instants. */
final class EventTimes {
    private EventTimes() {}

    /**
     * @param micros microseconds since the Unix epoch
     * @return the instant
     */
    static Instant micros(long micros) {
        return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000L);
    }
}
