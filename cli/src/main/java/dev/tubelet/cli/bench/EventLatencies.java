package dev.tubelet.cli.bench;

import dev.tubelet.commandline.KafkaClients;
import dev.tubelet.schema.ActionEvent;
import dev.tubelet.schema.MessageFormatException;
import dev.tubelet.schema.SingleObjectSerde;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;

/**
 * Reads the action events as a downstream consumer does (read_committed: with exactly-once, an
 * event is visible once its checkpoint commits) and times each from the capture of its window's
 * last frame to the moment it is read.
 */
final class EventLatencies implements Runnable {
    /**
     * @param windowEndMicros capture of the window's last frame
     * @param latencyMs from then to the moment the event was read
     */
    record Event(long windowEndMicros, double latencyMs) {}

    private final String bootstrap;
    private final String topic;
    private final long expected;
    private final BooleanSupplier sending;
    private final Duration drain;
    private final List<Event> events = new ArrayList<>();

    /**
     * @param bootstrap the broker
     * @param topic the actions topic
     * @param expected events that make a complete run
     * @param sending whether the cameras are still sending
     * @param drain how long to wait for the rest once they stopped
     */
    EventLatencies(String bootstrap, String topic, long expected, BooleanSupplier sending, Duration drain) {
        this.bootstrap = bootstrap;
        this.topic = topic;
        this.expected = expected;
        this.sending = sending;
        this.drain = drain;
    }

    @Override
    public void run() {
        SingleObjectSerde<ActionEvent> serde = SingleObjectSerde.of(ActionEvent.class);
        long stoppedAt = -1;
        try (KafkaConsumer<byte[], byte[]> consumer = KafkaClients.readCommitted(bootstrap, "bench", true)) {
            consumer.subscribe(List.of(topic));
            while (true) {
                var records = consumer.poll(Duration.ofMillis(100));
                Instant now = Instant.now();
                for (ConsumerRecord<byte[], byte[]> record : records) {
                    try {
                        ActionEvent event = serde.decode(record.value());
                        Instant end = event.getWindowEnd();
                        long endMicros = end.getEpochSecond() * 1_000_000L + end.getNano() / 1_000;
                        synchronized (events) {
                            events.add(new Event(
                                    endMicros, Duration.between(end, now).toNanos() / 1e6));
                        }
                    } catch (MessageFormatException e) {
                        // not an event of ours: not counted
                    }
                }
                if (!sending.getAsBoolean()) {
                    if (received() >= expected) {
                        return;
                    }
                    if (stoppedAt < 0) {
                        stoppedAt = System.nanoTime();
                    } else if (System.nanoTime() - stoppedAt > drain.toNanos()) {
                        return;
                    }
                }
            }
        }
    }

    /** @return events read so far */
    long received() {
        synchronized (events) {
            return events.size();
        }
    }

    /** @return the events read, in the order read */
    List<Event> events() {
        synchronized (events) {
            return List.copyOf(events);
        }
    }
}
