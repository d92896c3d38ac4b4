package dev.tubelet.cli.video;

import dev.tubelet.ingest.FfmpegLogging;
import dev.tubelet.model.preprocess.RgbImage;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;

/** Reads frames of a video file with FFmpeg (JavaCV), decoded straight to RGB24. */
public final class VideoFrameReader {
    private VideoFrameReader() {}

    /**
     * @param file the video
     * @param start index of the first frame to take
     * @param stride take every {@code stride}-th frame from there
     * @param count how many frames to take
     * @return the frames
     * @throws IllegalArgumentException when the file is missing, not a video, or too short
     */
    public static List<RgbImage> read(Path file, int start, int stride, int count) throws Exception {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(file + ": no such video file");
        }
        if (start < 0 || stride <= 0) {
            throw new IllegalArgumentException(
                    "--start must be ≥ 0 and --stride ≥ 1, found " + start + " and " + stride);
        }
        FfmpegLogging.toSlf4j();
        List<RgbImage> frames = new ArrayList<>(count);
        try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(file.toFile())) {
            grabber.setPixelFormat(avutil.AV_PIX_FMT_RGB24);
            try {
                grabber.start();
            } catch (FFmpegFrameGrabber.Exception e) {
                throw new IllegalArgumentException(file + ": not a video FFmpeg can read (" + e.getMessage() + ")", e);
            }
            int index = 0;
            Frame frame;
            while (frames.size() < count && (frame = grabber.grabImage()) != null) {
                if (index >= start && (index - start) % stride == 0) {
                    frames.add(toRgb(frame));
                }
                index++;
            }
            if (frames.size() < count) {
                throw new IllegalArgumentException(file + ": expected " + count + " frames from frame " + start
                        + " every " + stride + " (" + (start + (count - 1) * stride + 1) + " frames), found " + index
                        + " frames in the video");
            }
            grabber.stop();
        }
        return frames;
    }

    private static RgbImage toRgb(Frame frame) {
        int w = frame.imageWidth;
        int h = frame.imageHeight;
        ByteBuffer data = (ByteBuffer) frame.image[0];
        int stride = frame.imageStride;
        byte[] rgb = new byte[w * h * 3];
        for (int y = 0; y < h; y++) {
            data.get(y * stride, rgb, y * w * 3, w * 3);
        }
        return new RgbImage(w, h, rgb);
    }
}
