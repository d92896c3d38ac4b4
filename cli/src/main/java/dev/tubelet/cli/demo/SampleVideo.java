package dev.tubelet.cli.demo;

import dev.tubelet.clips.Mp4;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Java2DFrameConverter;

/**
 * The demo's video: a figure on a floor that stands, walks, runs, jumps, walks and falls
 * ({@link ActionScene#SCRIPT}, 24 s, looping), the actions the demo model knows.
 */
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
                recorder.record(converter.convert(ActionScene.scripted((double) t / fps, width & ~1, height & ~1)));
            }
            recorder.stop();
        }
    }

    /**
     * A video with the camera tampered with for a while: from {@code fromS} to {@code toS} the lens
     * is sprayed over (grey noise in place of the scene), what an anomaly score catches and no action
     * label names.
     *
     * @param file the MP4 to write
     * @param frames the video's frames
     * @param fps its frame rate
     * @param fromS when the tampering starts, seconds
     * @param toS when it ends, seconds
     */
    public static void sprayed(Path file, List<BufferedImage> frames, double fps, double fromS, double toS)
            throws Exception {
        int width = frames.get(0).getWidth() & ~1;
        int height = frames.get(0).getHeight() & ~1;
        SplittableRandom random = new SplittableRandom(7);
        try (Mp4.Recorder mp4 = Mp4.start(file, width, height, fps);
                Java2DFrameConverter converter = new Java2DFrameConverter()) {
            FFmpegFrameRecorder recorder = mp4.recorder();
            for (int t = 0; t < frames.size(); t++) {
                BufferedImage frame = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
                frame.getGraphics().drawImage(frames.get(t), 0, 0, null);
                double s = t / fps;
                if (s >= fromS && s < toS) {
                    for (int y = 0; y < height; y++) {
                        for (int x = 0; x < width; x++) {
                            int v = 60 + random.nextInt(140);
                            frame.setRGB(x, y, (v << 16) | (v << 8) | v);
                        }
                    }
                }
                recorder.record(converter.convert(frame));
            }
            recorder.stop();
        }
    }
}
