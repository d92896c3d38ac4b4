package dev.tubelet.jobs.pipeline;

import dev.tubelet.jobs.config.JobConfig;
import dev.tubelet.kafka.config.KafkaClientConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Waits, before the job starts, until Kafka has every topic the job reads and writes. On a
 * cluster the topics are created by something else (Strimzi's KafkaTopics, compose's
 * kafka-topics service), often after the job's pods start; a job that started without them
 * would fail, use up its restarts and stay FAILED.
 */
public final class TopicWait {
    private static final Logger LOG = LoggerFactory.getLogger(TopicWait.class);
    private static final Duration POLL = Duration.ofSeconds(2);
    private static final Duration REPORT = Duration.ofSeconds(10);

    private TopicWait() {}

    /** @return the topics the job uses: frames, actions, dead letters, and detections with detection on */
    public static List<String> topicsOf(JobConfig cfg) {
        return new ArrayList<>(cfg.topics().all(cfg.detects(), cfg.scoresAnomalies()));
    }

    /**
     * @param bootstrap Kafka bootstrap servers
     * @param kafka the client settings (security)
     * @param topics the topics that must exist
     * @param timeout how long to wait at most; zero checks once
     * @throws IllegalStateException naming the topics still missing when the time is up
     */
    public static void untilTheyExist(String bootstrap, KafkaClientConfig kafka, List<String> topics, Duration timeout)
            throws InterruptedException {
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        long nextReport = start + REPORT.toNanos();
        Set<String> missing = new TreeSet<>(topics);
        String problem = null;
        try (Admin admin = Admin.create(kafka.applyTo(adminProperties(bootstrap)))) {
            while (true) {
                try {
                    missing.removeAll(admin.listTopics().names().get(POLL.toMillis() * 5, TimeUnit.MILLISECONDS));
                    problem = null;
                } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                    problem = e.getCause() != null ? e.getCause().getMessage() : e.toString();
                }
                if (missing.isEmpty()) {
                    return;
                }
                long now = System.nanoTime();
                if (now >= deadline) {
                    break;
                }
                if (now >= nextReport) {
                    LOG.info(
                            "waiting for Kafka topics {} at {} ({} s so far{})",
                            missing,
                            KafkaClientConfig.redactBootstrap(bootstrap),
                            TimeUnit.NANOSECONDS.toSeconds(now - start),
                            problem == null ? "" : "; " + problem);
                    nextReport = now + REPORT.toNanos();
                }
                Thread.sleep(POLL.toMillis());
            }
        }
        throw new IllegalStateException(
                "topics " + missing + " do not exist at " + KafkaClientConfig.redactBootstrap(bootstrap) + " after "
                        + timeout.toSeconds()
                        + " s" + (problem == null ? "" : " (" + problem + ")")
                        + ": expected them created before the job "
                        + "(Strimzi KafkaTopics, the compose kafka-topics service, tubelet kafka), found none; topic-wait-s sets the wait");
    }

    private static Properties adminProperties(String bootstrap) {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000");
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "10000");
        return props;
    }
}
