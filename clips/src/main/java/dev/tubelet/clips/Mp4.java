package dev.tubelet.clips;

import dev.tubelet.ingest.FfmpegLogging;
import java.nio.file.Path;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * MP4 files: H.264 when the FFmpeg build has a software H.264 encoder (JavaCV's carries OpenH264),
 * else MPEG-4 Part 2, which every FFmpeg build encodes. Both play in browsers' and desktop players
 * (MPEG-4 Part 2 not in every browser: hence H.264 first).
 */
public final class Mp4 {
    private static final Logger LOG = LoggerFactory.getLogger(Mp4.class);
    /** Software H.264 encoders, in order of preference. */
    private static final String[] H264_ENCODERS = {"libx264", "libopenh264"};

    private Mp4() {}

    /** A started recorder and the codec it writes. */
    public record Recorder(FFmpegFrameRecorder recorder, String codec) implements AutoCloseable {
        @Override
        public void close() throws Exception {
            recorder.close();
        }
    }

    /**
     * @param file the MP4 to write
     * @param width even width
     * @param height even height
     * @param fps frame rate
     * @return a started recorder (H.264 if possible, else MPEG-4 Part 2); the caller stops and closes it
     */
    public static Recorder start(Path file, int width, int height, double fps) throws Exception {
        FfmpegLogging.toSlf4j();
        String h264 = h264Encoder();
        if (h264 != null) {
            FFmpegFrameRecorder recorder = recorder(file, width, height, fps);
            recorder.setVideoCodecName(h264);
            try {
                recorder.start();
                return new Recorder(recorder, "h264");
            } catch (FFmpegFrameRecorder.Exception e) {
                LOG.warn("H.264 ({}) would not start, writing MPEG-4 Part 2: {}", h264, e.getMessage());
                recorder.close();
            }
        }
        FFmpegFrameRecorder recorder = recorder(file, width, height, fps);
        recorder.setVideoCodec(avcodec.AV_CODEC_ID_MPEG4);
        recorder.start();
        return new Recorder(recorder, "mpeg4");
    }

    /** @return the name of the H.264 encoder this FFmpeg build has, or null */
    public static String h264Encoder() {
        for (String name : H264_ENCODERS) {
            AVCodec codec = avcodec.avcodec_find_encoder_by_name(name);
            if (codec != null && !codec.isNull()) {
                return name;
            }
        }
        return null;
    }

    private static FFmpegFrameRecorder recorder(Path file, int width, int height, double fps) {
        FFmpegFrameRecorder recorder = new FFmpegFrameRecorder(file.toFile(), width, height);
        recorder.setFormat("mp4");
        recorder.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
        // about 0.3 bit per pixel and frame, at least 400 kbit/s: sharp enough to read labels
        recorder.setVideoBitrate((int) Math.max(400_000, Math.min(8_000_000, 0.3 * width * height * fps)));
        recorder.setFrameRate(fps);
        recorder.setGopSize((int) Math.max(1, Math.round(fps * 2)));
        return recorder;
    }
}
