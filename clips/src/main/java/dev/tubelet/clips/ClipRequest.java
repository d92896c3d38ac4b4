package dev.tubelet.clips;

import dev.tubelet.schema.Alert;
import dev.tubelet.schema.ClipPaths;
import java.time.Duration;
import java.time.Instant;

/**
 * The clip an alert asks for: its camera from {@code pre} before the segment's start to
 * {@code post} after the trigger, at most {@code maxLength} long (the end kept: the trigger is
 * what matters).
 *
 * @param alert the alert
 * @param from first capture time
 * @param to last capture time
 * @param path the clip's path relative to the clips directory ({@link ClipPaths})
 */
public record ClipRequest(Alert alert, Instant from, Instant to, String path) {
    /**
     * @param alert the alert
     * @param pre time before the segment's start
     * @param post time after the trigger
     * @param maxLength longest clip
     * @return the request
     */
    public static ClipRequest of(Alert alert, Duration pre, Duration post, Duration maxLength) {
        Instant to = alert.getTriggerTime().plus(post);
        Instant from = alert.getStartTime().minus(pre);
        if (Duration.between(from, to).compareTo(maxLength) > 0) {
            from = to.minus(maxLength);
        }
        return new ClipRequest(alert, from, to, ClipPaths.relative(alert.getCameraId(), alert.getAlertId()));
    }

    /** @return whether the alert is about a tracked person (a detection segment) */
    public boolean tracked() {
        return alert.getTrackId() != null;
    }
}
