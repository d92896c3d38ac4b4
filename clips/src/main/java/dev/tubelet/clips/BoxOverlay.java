package dev.tubelet.clips;

import dev.tubelet.schema.Detection;
import dev.tubelet.schema.DetectionEvent;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.util.List;
import java.util.Locale;

/**
 * Draws detection boxes on video frames: on each frame the boxes of the latest keyframe at or
 * before it, a tracked box moving linearly towards its box on the next keyframe (same track id) so
 * that boxes follow the people between keyframes, with the track id and its best action.
 */
public final class BoxOverlay {
    private static final Color[] TRACK_COLOURS = {
        new Color(255, 80, 80),
        new Color(80, 200, 255),
        new Color(120, 255, 120),
        new Color(255, 200, 40),
        new Color(220, 120, 255),
        new Color(255, 150, 90)
    };

    private BoxOverlay() {}

    /**
     * @param g where to draw
     * @param detections the camera's detection events, any order
     * @param seq the frame's seq
     * @param width frame width
     * @param height frame height
     * @param highlight a track to draw thicker (an alert's), or null
     */
    public static void draw(
            Graphics2D g, List<DetectionEvent> detections, long seq, int width, int height, Long highlight) {
        DetectionEvent event = latestKeyframe(detections, seq);
        if (event == null) {
            return;
        }
        DetectionEvent next = nextKeyframe(detections, event);
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
            long id = d.getTrackId() == null ? 0 : d.getTrackId();
            String text = "#" + (d.getTrackId() == null ? "-" : id)
                    + (d.getActions().isEmpty()
                            ? ""
                            : " " + d.getActions().get(0).getLabel()
                                    + String.format(
                                            Locale.ROOT,
                                            " %.0f%%",
                                            d.getActions().get(0).getScore() * 100));
            boolean thick = highlight != null && highlight.equals(d.getTrackId());
            drawBox(g, box, width, height, TRACK_COLOURS[(int) (id % TRACK_COLOURS.length)], text, thick);
        }
    }

    /**
     * One labelled box.
     *
     * @param box x1, y1, x2, y2 normalized to the frame
     */
    public static void drawBox(
            Graphics2D g, float[] box, int width, int height, Color colour, String text, boolean thick) {
        int x1 = Math.round(box[0] * width);
        int y1 = Math.round(box[1] * height);
        int x2 = Math.round(box[2] * width);
        int y2 = Math.round(box[3] * height);
        g.setStroke(new BasicStroke(thick ? 4f : 2f));
        g.setColor(colour);
        g.drawRect(x1, y1, Math.max(1, x2 - x1), Math.max(1, y2 - y1));
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 11));
        int ty = y1 > 14 ? y1 - 3 : y2 + 12;
        g.setColor(new Color(0, 0, 0, 150));
        g.fillRect(x1, ty - 10, g.getFontMetrics().stringWidth(text) + 4, 13);
        g.setColor(colour);
        g.drawString(text, x1 + 2, ty);
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
}
