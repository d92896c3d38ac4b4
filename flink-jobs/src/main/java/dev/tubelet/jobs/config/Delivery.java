package dev.tubelet.jobs.config;

import java.util.Locale;

/** How events reach Kafka. */
public enum Delivery {
    /** Transactional sink: events become visible to read_committed consumers when a checkpoint completes; none lost or doubled. */
    EXACTLY_ONCE,
    /** Events are written at once; after a failure some may repeat, and consumers de-duplicate on event_id. */
    AT_LEAST_ONCE;

    /** @return exactly-once or at-least-once, as the option is written */
    public String text() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /**
     * @param text exactly-once or at-least-once
     * @return the delivery
     * @throws IllegalArgumentException for anything else
     */
    public static Delivery parse(String text) {
        try {
            return valueOf(text.strip().toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "delivery: expected exactly-once or at-least-once, found '" + text + "'");
        }
    }
}
