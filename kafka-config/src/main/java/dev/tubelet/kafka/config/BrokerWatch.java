package dev.tubelet.cli.local;

import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Says when the broker a local run talks to goes away and when it is back: one warning once it has
 * been unreachable for {@code warnAfter}, one line when it answers again. The job's Kafka clients
 * wait and carry on by themselves (their own per-connection warnings go to the log file); this is
 * what an operator at the console needs to know.
 */
public final class BrokerWatch implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(BrokerWatch.class);

    private final String bootstrap;
    private final Duration warnAfter;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile long unreachableSinceNanos = -1;

    /**
     * @param bootstrap the broker
     * @param warnAfter how long it may be unreachable before a warning
     */
    public BrokerWatch(String bootstrap, Duration warnAfter) {
        this.bootstrap = bootstrap;
        this.warnAfter = warnAfter;
        this.thread = new Thread(this::watch, "tubelet-broker-watch");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /** @return how long the broker has been unreachable, 0 when it answers */
    public Duration unreachableFor() {
        long since = unreachableSinceNanos;
        return since < 0 ? Duration.ZERO : Duration.ofNanos(System.nanoTime() - since);
    }

    private void watch() {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "2000");
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "3000");
        props.put(AdminClientConfig.CLIENT_ID_CONFIG, "tubelet-broker-watch");
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
                    LOG.warn(
                            "Kafka at {} unreachable for {} s; the job waits and carries on when it is back",
                            bootstrap,
                            TimeUnit.NANOSECONDS.toSeconds(now - unreachableSinceNanos));
                } else if (up && unreachableSinceNanos >= 0) {
                    if (warned) {
                        LOG.info(
                                "Kafka at {} reachable again after {} s",
                                bootstrap,
                                TimeUnit.NANOSECONDS.toSeconds(now - unreachableSinceNanos));
                    }
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
