package dev.tubelet.clips;

import dev.tubelet.kafka.config.KafkaClientConfig;
import java.nio.file.Path;
import java.time.Duration;

/**
 * How {@code tubelet clips} runs.
 *
 * @param bootstrap Kafka bootstrap servers
 * @param kafka client settings (security) from --kafka-config
 * @param out the clips directory
 * @param baseUri what a clip's uri starts with (a trailing '/' is added if missing)
 * @param pre time before the segment's start
 * @param post time after the trigger
 * @param maxLength longest clip
 * @param grace how long past a clip's end (wall clock) to wait for its last frames
 * @param topics the topics read and written
 * @param groupId consumer group on the alerts topic
 * @param transactionalId transactional id of the ClipReady producer
 */
public record ClipSettings(
        String bootstrap,
        KafkaClientConfig kafka,
        Path out,
        String baseUri,
        Duration pre,
        Duration post,
        Duration maxLength,
        Duration grace,
        Topics topics,
        String groupId,
        String transactionalId) {

    /** Default topic names. */
    public static final Topics DEFAULT_TOPICS =
            new Topics("tubelet.alerts", "tubelet.frames", "tubelet.detections", "tubelet.clips");

    /**
     * @param alerts alerts read
     * @param frames frames read back
     * @param detections detection events read back for tracked alerts' boxes
     * @param clips ClipReady records written
     */
    public record Topics(String alerts, String frames, String detections, String clips) {}

    /** Checks the durations. */
    public ClipSettings {
        if (pre.isNegative() || post.isNegative() || grace.isNegative()) {
            throw new IllegalArgumentException("--pre-s, --post-s and --wait-s must not be negative, found "
                    + seconds(pre) + ", " + seconds(post) + ", " + seconds(grace));
        }
        if (maxLength.isZero() || maxLength.isNegative()) {
            throw new IllegalArgumentException("--max-clip-s must be positive, found " + seconds(maxLength));
        }
    }

    /** @return the uri of a clip at {@code path} (relative to the clips directory) */
    public String uri(String path) {
        return baseUri.endsWith("/") ? baseUri + path : baseUri + "/" + path;
    }

    private static String seconds(Duration d) {
        return d.toMillis() / 1000.0 + " s";
    }
}
