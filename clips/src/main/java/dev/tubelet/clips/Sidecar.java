package dev.tubelet.clips;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tubelet.schema.Alert;
import dev.tubelet.schema.ClipReady;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;

/**
 * The JSON file beside a clip ({@code ALERT_ID.json}): the alert and the clip as published. Written
 * last, under a temporary name and moved into place: its presence says the clip is done, and a
 * restart publishes the very record it holds instead of cutting the clip again.
 */
public final class Sidecar {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private Sidecar() {}

    /** @return the sidecar of an MP4 path: the same name with .json */
    public static Path of(Path mp4) {
        String name = mp4.getFileName().toString();
        return mp4.resolveSibling(name.substring(0, name.length() - ".mp4".length()) + ".json");
    }

    /**
     * @param file the sidecar to write
     * @param alert the alert
     * @param ready the clip's record
     * @param firstSeq seq of the clip's first frame, or -1
     * @param lastSeq seq of its last frame, or -1
     */
    public static void write(Path file, Alert alert, ClipReady ready, long firstSeq, long lastSeq) throws IOException {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode a = root.putObject("alert");
        a.put("alert_id", alert.getAlertId());
        a.put("rule", alert.getRule());
        a.put("severity", alert.getSeverity());
        a.put("camera_id", alert.getCameraId());
        if (alert.getTrackId() == null) {
            a.putNull("track_id");
        } else {
            a.put("track_id", alert.getTrackId());
        }
        a.put("label", alert.getLabel().getLabel());
        a.put("label_index", alert.getLabel().getIndex());
        a.put("score", alert.getScore());
        a.put("segment_id", alert.getSegmentId());
        a.put("start_time", alert.getStartTime().toString());
        a.put("trigger_time", alert.getTriggerTime().toString());
        ObjectNode c = root.putObject("clip");
        c.put("uri", ready.getUri());
        c.put("start_time", ready.getStartTime().toString());
        c.put("end_time", ready.getEndTime().toString());
        c.put("start_time_micros", micros(ready.getStartTime()));
        c.put("end_time_micros", micros(ready.getEndTime()));
        c.put("frames", ready.getFrames());
        c.put("first_seq", firstSeq);
        c.put("last_seq", lastSeq);
        c.put("fps", ready.getFps());
        c.put("codec", ready.getCodec());
        c.put("bytes", ready.getBytes());
        c.put("reason", ready.getReason());
        Files.createDirectories(file.getParent());
        Path part = file.resolveSibling(file.getFileName() + ".part");
        JSON.writeValue(part.toFile(), root);
        Files.move(part, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /**
     * @param file a sidecar this class wrote
     * @return the record it holds, as first published
     */
    public static ClipReady read(Path file) throws IOException {
        JsonNode root = JSON.readTree(file.toFile());
        JsonNode a = root.path("alert");
        JsonNode c = root.path("clip");
        return ClipReady.newBuilder()
                .setAlertId(a.path("alert_id").asText())
                .setCameraId(a.path("camera_id").asText())
                .setRule(a.path("rule").asText())
                .setUri(c.path("uri").isNull() ? null : c.path("uri").asText())
                .setStartTime(instant(c.path("start_time_micros").asLong()))
                .setEndTime(instant(c.path("end_time_micros").asLong()))
                .setFrames(c.path("frames").asInt())
                .setFps((float) c.path("fps").asDouble())
                .setCodec(c.path("codec").asText())
                .setBytes(c.path("bytes").asLong())
                .setReason(c.path("reason").isNull() ? null : c.path("reason").asText())
                .build();
    }

    static long micros(Instant t) {
        return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000L), t.getNano() / 1000);
    }

    private static Instant instant(long micros) {
        return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000);
    }
}
