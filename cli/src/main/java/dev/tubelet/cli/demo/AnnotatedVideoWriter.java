package dev.tubelet.cli.demo;

import dev.tubelet.clips.BoxOverlay;
import dev.tubelet.clips.Mp4;
import dev.tubelet.schema.ActionEvent;
import dev.tubelet.schema.AnomalyEvent;
import dev.tubelet.schema.DetectionEvent;
import dev.tubelet.schema.Label;
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
 * Writes one camera's frames with the labels of the window each frame belongs to drawn on them;
 * with detection, the boxes of the latest keyframe at or before each frame, with their track ids and
 * best actions; with an anomaly model, the window's heat map and z-score.
 */
public final class AnnotatedVideoWriter {
    private AnnotatedVideoWriter() {}

    /**
     * @param file the MP4 to write
     * @param frames the source frames (the camera sent frame {@code i % frames.size()} as its i-th)
     * @param firstSeq the seq of the camera's first frame (frame {@code i} went out as {@code firstSeq + i})
     * @param sent how many frames the camera sent
     * @param events the camera's action events, in window order
     * @param detections the camera's detection events, in window order
     * @param anomalies the camera's anomaly events, in window order (their heat maps are drawn)
     * @param cropFraction the share of the frame's short side the models see
     * @param fps frame rate of the output
     * @return frames written
     */
    public static int write(
            Path file,
            List<BufferedImage> frames,
            long firstSeq,
            long sent,
            List<ActionEvent> events,
            List<DetectionEvent> detections,
            List<AnomalyEvent> anomalies,
            double cropFraction,
            double fps)
            throws Exception {
        int width = frames.get(0).getWidth();
        int height = frames.get(0).getHeight();
        try (Mp4.Recorder mp4 = Mp4.start(file, width & ~1, height & ~1, fps);
                Java2DFrameConverter converter = new Java2DFrameConverter()) {
            FFmpegFrameRecorder recorder = mp4.recorder();
            int written = 0;
            for (long i = 0; i < sent; i++) {
                long seq = firstSeq + i;
                BufferedImage source = frames.get((int) (i % frames.size()));
                BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
                Graphics2D g = image.createGraphics();
                g.drawImage(source, 0, 0, null);
                HeatOverlay.draw(g, HeatOverlay.covering(anomalies, seq), width, height, cropFraction);
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
                BoxOverlay.draw(g, detections, seq, width, height, null);
                g.dispose();
                recorder.record(converter.convert(image));
                written++;
            }
            recorder.stop();
            return written;
        }
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
