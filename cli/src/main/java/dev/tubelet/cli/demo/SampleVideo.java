package dev.tubelet.cli.demo;

import dev.tubelet.clips.Mp4;
import java.nio.file.Path;
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
}
