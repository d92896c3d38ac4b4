package dev.tubelet.kafka.config;

import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Says when the broker a client talks to goes away and when it is back: one warning once it has been
 * unreachable for {@code warnAfter}, one line when it answers again, and figures for metrics and
 * progress lines (how long it is unreachable now, outages so far, unreachable time in all). Kafka's
 * clients wait and carry on by themselves, with a warning per connection attempt in the log; this
 * is what an operator needs to know. It asks the broker once a second, from a daemon thread.
 *
 * <pre>{@code
 * try (BrokerWatch watch = new BrokerWatch(bootstrap, settings, Duration.ofSeconds(10), "the job")) {
 *     ... watch.unreachableFor() ...
 * }
 * }</pre>
 */
public final class BrokerWatch implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(BrokerWatch.class);

    private final String bootstrap;
    private final KafkaClientConfig kafka;
    private final Duration warnAfter;
    private final String who;
    private final Thread thread;
    private final AtomicLong outages = new AtomicLong();
    private final AtomicLong pastUnreachableNanos = new AtomicLong();
    private volatile boolean running = true;
    private volatile long unreachableSinceNanos = -1;

    /**
     * @param bootstrap the broker
     * @param kafka client settings (security)
     * @param warnAfter how long it may be unreachable before a warning (and before it counts as an outage)
     * @param who what waits, for the warning ("the job", "ingest")
     */
    public BrokerWatch(String bootstrap, KafkaClientConfig kafka, Duration warnAfter, String who) {
        this.bootstrap = bootstrap;
        this.kafka = kafka;
        this.warnAfter = warnAfter;
        this.who = who;
        this.thread = new Thread(this::watch, "tubelet-broker-watch");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /** @return how long the broker has been unreachable, 0 when it answers */
    public Duration unreachableFor() {
        long since = unreachableSinceNanos;
        return since < 0 ? Duration.ZERO : Duration.ofNanos(System.nanoTime() - since);
    }

    /** @return unreachable spells of at least {@code warnAfter} so far (the current one included) */
    public long outages() {
        return outages.get();
    }

    /** @return time unreachable so far, in all, the current spell included */
    public Duration unreachableTotal() {
        return Duration.ofNanos(pastUnreachableNanos.get()).plus(unreachableFor());
    }

    private void watch() {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "2000");
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "3000");
        props.put(AdminClientConfig.CLIENT_ID_CONFIG, "tubelet-broker-watch");
        kafka.applyTo(props);
        boolean warned = false;
        try (Admin admin = Admin.create(props)) {
            while (running) {
                boolean up;
                try {
                    admin.describeCluster().nodes().get(3, TimeUnit.SECONDS);
                    up = true;
                } catch (InterruptedException e) {
                    return;
                } catch (Exception e) {
                    up = false;
                }
                long now = System.nanoTime();
                if (!up && unreachableSinceNanos < 0) {
                    unreachableSinceNanos = now;
                } else if (!up && !warned && now - unreachableSinceNanos >= warnAfter.toNanos()) {
                    warned = true;
                    outages.incrementAndGet();
                    LOG.warn(
                            "Kafka at {} unreachable for {} s; {} waits and carries on when it is back",
                            KafkaClientConfig.redactBootstrap(bootstrap),
                            TimeUnit.NANOSECONDS.toSeconds(now - unreachableSinceNanos),
                            who);
                } else if (up && unreachableSinceNanos >= 0) {
                    if (warned) {
                        LOG.info(
                                "Kafka at {} reachable again after {} s",
                                KafkaClientConfig.redactBootstrap(bootstrap),
                                TimeUnit.NANOSECONDS.toSeconds(now - unreachableSinceNanos));
                    }
                    pastUnreachableNanos.addAndGet(now - unreachableSinceNanos);
                    unreachableSinceNanos = -1;
                    warned = false;
                }
                try {
                    Thread.sleep(1000);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
    }
}
