package dev.tubelet.cli.demo;

import dev.tubelet.schema.ActionEvent;
import dev.tubelet.schema.Detection;
import dev.tubelet.schema.DetectionEvent;
import dev.tubelet.schema.Label;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Java2DFrameConverter;

/**
 * Writes one camera's frames with the labels of the window each frame belongs to drawn on them,
 * and, with detection, the boxes of the latest keyframe at or before each frame, with their track
 * ids and best actions.
 */
public final class AnnotatedVideoWriter {
    private AnnotatedVideoWriter() {}

    /**
     * @param file the MP4 to write
     * @param frames the source frames (the camera sent frame {@code seq % frames.size()} as seq)
     * @param sent how many frames the camera sent
     * @param events the camera's events, in window order
     * @param fps frame rate of the output
     * @return frames written
     */
    public static int write(Path file, List<BufferedImage> frames, long sent, List<ActionEvent> events, double fps)
            throws Exception {
        return write(file, frames, sent, events, List.of(), fps);
    }

    /**
     * @param file the MP4 to write
     * @param frames the source frames (the camera sent frame {@code seq % frames.size()} as seq)
     * @param sent how many frames the camera sent
     * @param events the camera's action events, in window order
     * @param detections the camera's detection events, in window order
     * @param fps frame rate of the output
     * @return frames written
     */
    public static int write(
            Path file,
            List<BufferedImage> frames,
            long sent,
            List<ActionEvent> events,
            List<DetectionEvent> detections,
            double fps)
            throws Exception {
        int width = frames.get(0).getWidth();
        int height = frames.get(0).getHeight();
        try (FFmpegFrameRecorder recorder = Mp4.recorder(file, width, height, fps);
                Java2DFrameConverter converter = new Java2DFrameConverter()) {
            int written = 0;
            for (long seq = 0; seq < sent; seq++) {
                BufferedImage source = frames.get((int) (seq % frames.size()));
                BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
                Graphics2D g = image.createGraphics();
                g.drawImage(source, 0, 0, null);
                ActionEvent event = covering(events, seq);
                if (event != null) {
                    g.setColor(new Color(0, 0, 0, 160));
                    g.fillRect(0, 0, width, 14 + 14 * Math.min(3, event.getTop().size()));
                    g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 12));
                    g.setColor(Color.WHITE);
                    g.drawString(
                            String.format(
                                    Locale.ROOT,
                                    "%s  seq %d-%d",
                                    event.getCameraId(),
                                    event.getSampledSeqs().get(0),
                                    event.getSampledSeqs()
                                            .get(event.getSampledSeqs().size() - 1)),
                            4,
                            12);
                    int line = 26;
                    for (Label label :
                            event.getTop().subList(0, Math.min(3, event.getTop().size()))) {
                        g.drawString(
                                String.format(Locale.ROOT, "%5.1f%%  %s", label.getScore() * 100, label.getLabel()),
                                4,
                                line);
                        line += 14;
                    }
                }
                DetectionEvent boxes = latestKeyframe(detections, seq);
                if (boxes != null) {
                    drawBoxes(g, boxes, nextKeyframe(detections, boxes), seq, width, height);
                }
                g.dispose();
                recorder.record(converter.convert(image));
                written++;
            }
            recorder.stop();
            return written;
        }
    }

    private static final Color[] TRACK_COLOURS = {
        new Color(255, 80, 80),
        new Color(80, 200, 255),
        new Color(120, 255, 120),
        new Color(255, 200, 40),
        new Color(220, 120, 255),
        new Color(255, 150, 90)
    };

    /**
     * Draws a keyframe's boxes on a later frame: a tracked box moves linearly towards its box on the
     * next keyframe (the same track id), so boxes follow the people between keyframes.
     */
    private static void drawBoxes(
            Graphics2D g, DetectionEvent event, DetectionEvent next, long seq, int width, int height) {
        g.setStroke(new BasicStroke(2f));
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 11));
        for (Detection d : event.getDetections()) {
            float[] box = {
                d.getBox().getX1(),
                d.getBox().getY1(),
                d.getBox().getX2(),
                d.getBox().getY2()
            };
            Detection later = next == null || d.getTrackId() == null
                    ? null
                    : next.getDetections().stream()
                            .filter(n -> d.getTrackId().equals(n.getTrackId()))
                            .findFirst()
                            .orElse(null);
            if (later != null) {
                float f = (float) (seq - event.getKeyframeSeq()) / (next.getKeyframeSeq() - event.getKeyframeSeq());
                float[] to = {
                    later.getBox().getX1(),
                    later.getBox().getY1(),
                    later.getBox().getX2(),
                    later.getBox().getY2()
                };
                for (int i = 0; i < 4; i++) {
                    box[i] += f * (to[i] - box[i]);
                }
            }
            int x1 = Math.round(box[0] * width);
            int y1 = Math.round(box[1] * height);
            int x2 = Math.round(box[2] * width);
            int y2 = Math.round(box[3] * height);
            long id = d.getTrackId() == null ? 0 : d.getTrackId();
            g.setColor(TRACK_COLOURS[(int) (id % TRACK_COLOURS.length)]);
            g.drawRect(x1, y1, Math.max(1, x2 - x1), Math.max(1, y2 - y1));
            String text = "#" + (d.getTrackId() == null ? "-" : id)
                    + (d.getActions().isEmpty()
                            ? ""
                            : " " + d.getActions().get(0).getLabel()
                                    + String.format(
                                            Locale.ROOT,
                                            " %.0f%%",
                                            d.getActions().get(0).getScore() * 100));
            int ty = y1 > 14 ? y1 - 3 : y2 + 12;
            g.setColor(new Color(0, 0, 0, 150));
            g.fillRect(x1, ty - 10, g.getFontMetrics().stringWidth(text) + 4, 13);
            g.setColor(TRACK_COLOURS[(int) (id % TRACK_COLOURS.length)]);
            g.drawString(text, x1 + 2, ty);
        }
    }

    /** The detection event of the latest keyframe at or before {@code seq}. */
    private static DetectionEvent latestKeyframe(List<DetectionEvent> detections, long seq) {
        DetectionEvent found = null;
        for (DetectionEvent e : detections) {
            if (e.getKeyframeSeq() <= seq && (found == null || e.getKeyframeSeq() > found.getKeyframeSeq())) {
                found = e;
            }
        }
        return found;
    }

    /** The detection event of the first keyframe after {@code event}'s, or null. */
    private static DetectionEvent nextKeyframe(List<DetectionEvent> detections, DetectionEvent event) {
        DetectionEvent found = null;
        for (DetectionEvent e : detections) {
            if (e.getKeyframeSeq() > event.getKeyframeSeq()
                    && (found == null || e.getKeyframeSeq() < found.getKeyframeSeq())) {
                found = e;
            }
        }
        return found;
    }

    /** The latest window whose sampled frames span {@code seq}. */
    private static ActionEvent covering(List<ActionEvent> events, long seq) {
        ActionEvent found = null;
        for (ActionEvent e : events) {
            List<Long> s = e.getSampledSeqs();
            if (seq >= s.get(0) && seq <= s.get(s.size() - 1)) {
                found = e;
            }
        }
        return found;
    }
}
