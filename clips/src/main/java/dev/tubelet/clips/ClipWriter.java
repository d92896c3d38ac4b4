package dev.tubelet.clips;

import dev.tubelet.schema.Alert;
import dev.tubelet.schema.AlertBox;
import dev.tubelet.schema.DetectionEvent;
import dev.tubelet.schema.VideoFrame;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;
import org.bytedeco.javacv.Java2DFrameConverter;

/**
 * Writes an alert's frames as an MP4: each frame with a caption (rule, label, score, camera,
 * capture time; "ALERT" from the trigger on; none below 96 px high) and, for a tracked alert, the detection boxes with the
 * alert's track drawn thicker. Written under a temporary name and moved into place, so a file with
 * the clip's name is always a whole clip.
 */
public final class ClipWriter {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS'Z'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);
    /** Frames lower than this get no caption. */
    static final int MIN_CAPTIONED_HEIGHT = 96;

    private static final Color ALERT_RED = new Color(230, 40, 40);

    private ClipWriter() {}

    /** The written clip: frames in it (decodable ones), its frame rate, codec and size. */
    public record Written(int frames, int undecodable, float fps, String codec, long bytes) {}

    /**
     * @param file the MP4 to write
     * @param alert the alert
     * @param frames the camera's frames, in order (at least one)
     * @param detections the camera's detection events over the same time (empty for whole-camera alerts)
     * @return what was written; nothing is when no frame decodes ({@code frames == 0})
     */
    public static Written write(Path file, Alert alert, List<VideoFrame> frames, List<DetectionEvent> detections)
            throws Exception {
        float fps = fps(frames);
        Path part = file.resolveSibling(file.getFileName() + ".part");
        int written = 0;
        int undecodable = 0;
        Mp4.Recorder mp4 = null;
        try (Java2DFrameConverter converter = new Java2DFrameConverter()) {
            BufferedImage canvas = null;
            for (VideoFrame frame : frames) {
                BufferedImage image = decode(frame);
                if (image == null) {
                    undecodable++;
                    continue;
                }
                if (mp4 == null) {
                    // the first frame that decodes sets the size (even, as the encoders want)
                    canvas = new BufferedImage(
                            Math.max(2, image.getWidth() & ~1),
                            Math.max(2, image.getHeight() & ~1),
                            BufferedImage.TYPE_3BYTE_BGR);
                    Files.createDirectories(file.getParent());
                    mp4 = Mp4.start(part, canvas.getWidth(), canvas.getHeight(), fps);
                }
                draw(canvas, image, frame, alert, detections);
                mp4.recorder().record(converter.convert(canvas));
                written++;
            }
            if (mp4 == null) {
                return new Written(0, undecodable, fps, "", 0);
            }
            mp4.recorder().stop();
        } finally {
            if (mp4 != null) {
                mp4.close();
            }
        }
        Files.move(part, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return new Written(written, undecodable, fps, mp4.codec(), Files.size(file));
    }

    /** One frame of the clip: the image at the canvas's size, the boxes, the caption. */
    private static void draw(
            BufferedImage canvas, BufferedImage image, VideoFrame frame, Alert alert, List<DetectionEvent> detections) {
        int width = canvas.getWidth();
        int height = canvas.getHeight();
        Graphics2D g = canvas.createGraphics();
        g.drawImage(image, 0, 0, width, height, null);
        if (!detections.isEmpty()) {
            BoxOverlay.draw(g, detections, frame.getSeq(), width, height, alert.getTrackId());
        } else if (alert.getBox() != null && !frame.getCaptureTime().isBefore(alert.getStartTime())) {
            AlertBox b = alert.getBox();
            BoxOverlay.drawBox(
                    g,
                    new float[] {b.getX1(), b.getY1(), b.getX2(), b.getY2()},
                    width,
                    height,
                    ALERT_RED,
                    "#" + alert.getTrackId() + " " + alert.getLabel().getLabel(),
                    true);
        }
        caption(g, alert, frame.getCaptureTime(), width, height);
        g.dispose();
    }

    private static void caption(Graphics2D g, Alert alert, Instant at, int width, int height) {
        if (height < MIN_CAPTIONED_HEIGHT) {
            return; // the bars would hide the picture; the sidecar says the same
        }
        boolean fired = !at.isBefore(alert.getTriggerTime());
        int size = Math.max(10, Math.min(16, height / 20));
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, size));
        g.setColor(new Color(0, 0, 0, 160));
        g.fillRect(0, 0, width, size + 8);
        g.fillRect(0, height - size - 8, width, size + 8);
        g.setColor(fired ? ALERT_RED : Color.WHITE);
        String head = String.format(
                Locale.ROOT,
                "%s%s: %s %.0f%%",
                fired ? "ALERT " : "",
                alert.getRule(),
                alert.getLabel().getLabel(),
                alert.getScore() * 100);
        g.drawString(head, 4, size + 2);
        g.setColor(Color.WHITE);
        g.drawString(alert.getCameraId() + "  " + TIME.format(at), 4, height - 5);
    }

    /** The camera's stated frame rate, else the one its capture times show, within 1..120. */
    static float fps(List<VideoFrame> frames) {
        float stated = frames.get(0).getFps();
        if (stated > 0) {
            return Math.max(1f, Math.min(120f, stated));
        }
        if (frames.size() > 1) {
            long micros = java.time.Duration.between(
                                    frames.get(0).getCaptureTime(),
                                    frames.get(frames.size() - 1).getCaptureTime())
                            .toNanos()
                    / 1000;
            if (micros > 0) {
                return Math.max(1f, Math.min(120f, (frames.size() - 1) * 1_000_000f / micros));
            }
        }
        return 15f;
    }

    /** @return the frame as an image, or null when it does not decode */
    static BufferedImage decode(VideoFrame frame) {
        ByteBuffer data = frame.getData().duplicate();
        byte[] bytes = new byte[data.remaining()];
        data.get(bytes);
        try {
            switch (frame.getEncoding()) {
                case JPEG, PNG -> {
                    return ImageIO.read(new ByteArrayInputStream(bytes));
                }
                case RAW_RGB24, RAW_BGR24 -> {
                    int w = frame.getWidth();
                    int h = frame.getHeight();
                    if (w <= 0 || h <= 0 || (long) w * h * 3 != bytes.length) {
                        return null;
                    }
                    BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
                    byte[] pixels = ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
                    boolean rgb = frame.getEncoding() == dev.tubelet.schema.FrameEncoding.RAW_RGB24;
                    for (int i = 0; i < bytes.length; i += 3) {
                        pixels[i] = bytes[rgb ? i + 2 : i];
                        pixels[i + 1] = bytes[i + 1];
                        pixels[i + 2] = bytes[rgb ? i : i + 2];
                    }
                    return image;
                }
                default -> {
                    return null;
                }
            }
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
