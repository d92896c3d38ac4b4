package dev.tubelet.cli.demo;

import dev.tubelet.clips.Mp4;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Java2DFrameConverter;

/** A synthetic scene for the demo: a floor, and figures walking, running and jumping across it. */
public final class SampleVideo {
    private SampleVideo() {}

    /**
     * @param file the MP4 to write
     * @param seconds length
     * @param fps frame rate
     * @param width frame width
     * @param height frame height
     */
    public static void write(Path file, int seconds, int fps, int width, int height) throws Exception {
        try (Mp4.Recorder mp4 = Mp4.start(file, width & ~1, height & ~1, fps);
                Java2DFrameConverter converter = new Java2DFrameConverter()) {
            FFmpegFrameRecorder recorder = mp4.recorder();
            for (int t = 0; t < seconds * fps; t++) {
                recorder.record(converter.convert(scene(t, fps, width, height)));
            }
            recorder.stop();
        }
    }

    static BufferedImage scene(int t, int fps, int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(new Color(120, 170, 220));
        g.fillRect(0, 0, width, height / 2);
        g.setColor(new Color(80, 140, 70));
        g.fillRect(0, height / 2, width, height / 2);
        double time = (double) t / fps;
        figure(
                g,
                (int) ((time * 40) % (width + 40)) - 20,
                height * 3 / 5,
                height / 5,
                time * 4,
                0,
                new Color(200, 60, 50)); // walking
        figure(
                g,
                width - (int) ((time * 110) % (width + 40)) + 20,
                height * 2 / 3,
                height / 5,
                time * 9,
                0,
                new Color(40, 60, 200)); // running
        int jump = (int) (Math.abs(Math.sin(time * 3)) * height / 6);
        figure(g, width / 2, height * 3 / 5 - jump, height / 5, 0.5, jump, new Color(240, 200, 40)); // jumping
        g.dispose();
        return image;
    }

    private static void figure(Graphics2D g, int x, int y, int size, double phase, int jump, Color color) {
        g.setColor(color);
        g.setStroke(new BasicStroke(Math.max(2, size / 12f)));
        int head = size / 5;
        g.fillOval(x - head / 2, y - size, head, head);
        g.drawLine(x, y - size + head, x, y - size / 3);
        int swing = (int) (Math.sin(phase) * size / 4);
        g.drawLine(x, y - size / 3, x - swing, y);
        g.drawLine(x, y - size / 3, x + swing, y);
        g.drawLine(x, y - size * 3 / 4, x + swing, y - size / 2 - jump / 4);
        g.drawLine(x, y - size * 3 / 4, x - swing, y - size / 2 - jump / 4);
    }
}
