package dev.tubelet.cli.demo;

import dev.tubelet.ingest.FfmpegLogging;
import java.nio.file.Path;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameRecorder;

/** MP4 files the demo writes: MPEG-4 Part 2 video, which every FFmpeg build encodes and every player reads. */
final class Mp4 {
    private Mp4() {}

    /** @return a started recorder; the caller stops and closes it */
    static FFmpegFrameRecorder recorder(Path file, int width, int height, double fps) throws Exception {
        FfmpegLogging.toSlf4j();
        FFmpegFrameRecorder recorder = new FFmpegFrameRecorder(file.toFile(), width, height);
        recorder.setFormat("mp4");
        recorder.setVideoCodec(avcodec.AV_CODEC_ID_MPEG4);
        recorder.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
        recorder.setVideoBitrate(1_500_000);
        recorder.setFrameRate(fps);
        recorder.start();
        return recorder;
    }
}
