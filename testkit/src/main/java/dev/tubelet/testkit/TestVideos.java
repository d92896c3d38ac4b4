package dev.tubelet.testkit;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.IntFunction;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Java2DFrameConverter;

/**
 * Video files for tests, written with FFmpeg (JavaCV) from generated frames.
 *
 * <pre>{@code
 * Path video = TestVideos.write(dir.resolve("scene.mp4"), TestVideos.Format.MP4, 15, 320, 240, 400, t -> scene.image(t));
 * }</pre>
 */
public final class TestVideos {
    /** Containers and codecs the tests need. */
    public enum Format {
        /** MPEG-4 Part 2 in MP4: what every FFmpeg build writes and every player reads. */
        MP4("mp4", avcodec.AV_CODEC_ID_MPEG4, avutil.AV_PIX_FMT_YUV420P),
        /** MPEG-2 in an MPEG transport stream: streamable, a reader can start and stop anywhere (live sources). */
        MPEG_TS("mpegts", avcodec.AV_CODEC_ID_MPEG2VIDEO, avutil.AV_PIX_FMT_YUV420P),
        /** FFV1 in Matroska: lossless, so a reader sees exactly the pixels written. */
        LOSSLESS_MKV("matroska", avcodec.AV_CODEC_ID_FFV1, avutil.AV_PIX_FMT_BGR0);

        private final String container;
        private final int codec;
        private final int pixelFormat;

        Format(String container, int codec, int pixelFormat) {
            this.container = container;
            this.codec = codec;
            this.pixelFormat = pixelFormat;
        }
    }

    private TestVideos() {}

    /**
     * @param file where to write
     * @param format container and codec
     * @param fps frame rate
     * @param width frame width (even)
     * @param height frame height (even)
     * @param frames how many frames
     * @param frame the t-th frame (0-based), at the given size
     * @return the file
     */
    public static Path write(
            Path file, Format format, double fps, int width, int height, int frames, IntFunction<BufferedImage> frame)
            throws Exception {
        Files.createDirectories(file.toAbsolutePath().getParent());
        avutil.av_log_set_level(avutil.AV_LOG_ERROR); // no stream dumps in the test output
        try (FFmpegFrameRecorder recorder = new FFmpegFrameRecorder(file.toFile(), width, height);
                Java2DFrameConverter converter = new Java2DFrameConverter()) {
            recorder.setFormat(format.container);
            recorder.setVideoCodec(format.codec);
            recorder.setPixelFormat(format.pixelFormat);
            recorder.setVideoBitrate(2_000_000);
            recorder.setFrameRate(fps);
            recorder.start();
            for (int t = 0; t < frames; t++) {
                recorder.record(converter.convert(frame.apply(t)));
            }
            recorder.stop();
        }
        return file;
    }

    /**
     * Reads a video back with FFmpeg.
     *
     * @param file the video
     * @return per decoded frame, the grey level (mean of B, G, R) of its centre pixel
     */
    public static int[] centreLevels(Path file) throws Exception {
        int[][] centre = pixels(file, 0.5, 0.5);
        int[] levels = new int[centre.length];
        for (int i = 0; i < centre.length; i++) {
            levels[i] = (centre[i][0] + centre[i][1] + centre[i][2]) / 3;
        }
        return levels;
    }

    /**
     * Reads a video back with FFmpeg.
     *
     * @param file the video
     * @param fx where to look, as a fraction of the width
     * @param fy where to look, as a fraction of the height
     * @return per decoded frame, the pixel there as {R, G, B}
     */
    public static int[][] pixels(Path file, double fx, double fy) throws Exception {
        java.util.List<int[]> levels = new java.util.ArrayList<>();
        try (org.bytedeco.javacv.FFmpegFrameGrabber grabber =
                new org.bytedeco.javacv.FFmpegFrameGrabber(file.toFile())) {
            grabber.setPixelFormat(avutil.AV_PIX_FMT_BGR24);
            grabber.start();
            org.bytedeco.javacv.Frame f;
            while ((f = grabber.grabImage()) != null) {
                java.nio.ByteBuffer pixels = (java.nio.ByteBuffer) f.image[0];
                int at = (int) (fy * f.imageHeight) * f.imageStride + (int) (fx * f.imageWidth) * 3;
                levels.add(new int[] {pixels.get(at + 2) & 0xff, pixels.get(at + 1) & 0xff, pixels.get(at) & 0xff});
            }
            grabber.stop();
        }
        return levels.toArray(new int[0][]);
    }
}
