package dev.tubelet.ingest;

import static org.bytedeco.opencv.global.opencv_imgcodecs.IMWRITE_JPEG_QUALITY;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imencode;

import dev.tubelet.schema.FrameEncoding;
import dev.tubelet.schema.SingleObjectSerde;
import dev.tubelet.schema.TrustedPackages;
import dev.tubelet.schema.VideoFrame;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;
import org.bytedeco.javacv.OpenCVFrameConverter;
import org.bytedeco.opencv.opencv_core.Mat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One camera into Kafka: FFmpeg (JavaCV) decodes the source, scales it down at the source, the
 * frame is JPEG-encoded and sent as a {@code VideoFrame} keyed by the camera id, with a
 * per-camera {@code seq} that never restarts (across loops, reconnects and runs: it starts at the
 * run's start time in microseconds since the epoch and counts frames from there, so a second run
 * of a camera continues above the first unless the first sent more than a frame per microsecond)
 * and a capture time
 * taken from the stream for files and from the wall clock for live sources. Network sources that
 * drop are reconnected with exponential backoff.
 */
public final class CameraIngest implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(CameraIngest.class);

    static {
        TrustedPackages.register();
        FfmpegLogging.toSlf4j();
    }

    private final IngestOptions options;
    private final Producer<byte[], byte[]> producer;
    private final String topic;
    private final AtomicBoolean stop;
    private final IngestStats stats = new IngestStats();
    private final SingleObjectSerde<VideoFrame> serde = SingleObjectSerde.of(VideoFrame.class);
    private final byte[] key;
    private long seq;

    /**
     * @param options the camera
     * @param producer an idempotent producer (shared by cameras; thread-safe)
     * @param topic the frames topic
     * @param stop set to stop this camera
     */
    public CameraIngest(IngestOptions options, Producer<byte[], byte[]> producer, String topic, AtomicBoolean stop) {
        this.options = options;
        this.producer = producer;
        this.topic = topic;
        this.stop = stop;
        this.key = options.cameraId().getBytes(StandardCharsets.UTF_8);
        this.seq = firstSeq(System.currentTimeMillis());
        stats.firstSeq.set(seq);
    }

    /**
     * @param startMillis when the run starts, epoch milliseconds
     * @return the run's first seq: its start in microseconds since the epoch
     */
    static long firstSeq(long startMillis) {
        return startMillis * 1000;
    }

    /** @return what it has done so far */
    public IngestStats stats() {
        return stats;
    }

    @Override
    public void run() {
        long backoffMillis = 500;
        long streamOffsetMicros = 0;
        long baseMicros = nowMicros();
        while (!stop.get() && !limitReached()) {
            try {
                long lastTimestamp = stream(baseMicros + streamOffsetMicros);
                streamOffsetMicros += lastTimestamp;
                backoffMillis = 500;
                if (options.live()) {
                    reconnect("the stream ended", backoffMillis);
                    backoffMillis =
                            Math.min(backoffMillis * 2, options.maxBackoff().toMillis());
                } else if (!options.loop()) {
                    break;
                }
            } catch (FrameGrabber.Exception | RuntimeException e) {
                if (!options.live()) {
                    throw new IllegalArgumentException(
                            options.source() + ": not a video FFmpeg can read (" + e.getMessage() + ")", e);
                }
                reconnect(e.getMessage(), backoffMillis);
                backoffMillis = Math.min(backoffMillis * 2, options.maxBackoff().toMillis());
            }
        }
        producer.flush();
    }

    private void reconnect(String reason, long backoffMillis) {
        if (stop.get() || limitReached()) {
            return;
        }
        stats.reconnects.incrementAndGet();
        LOG.warn(
                "camera {}: {} ({}); reconnecting in {} ms",
                options.cameraId(),
                options.source(),
                reason,
                backoffMillis);
        try {
            Thread.sleep(backoffMillis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stop.set(true);
        }
    }

    private boolean limitReached() {
        return options.maxFrames() > 0 && stats.frames() >= options.maxFrames();
    }

    /** Reads the source once, to its end; returns the stream time it reached, microseconds. */
    private long stream(long baseMicros) throws FrameGrabber.Exception {
        try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(options.source());
                OpenCVFrameConverter.ToMat converter = new OpenCVFrameConverter.ToMat()) {
            if (options.live() && options.source().startsWith("rtsp")) {
                grabber.setOption("rtsp_transport", "tcp");
            }
            grabber.setOption("rw_timeout", "10000000"); // 10 s without data is a dropped stream
            grabber.setPixelFormat(avutil.AV_PIX_FMT_BGR24);
            grabber.start();
            ScaledSize.apply(grabber, options);
            double sourceFps = grabber.getFrameRate() > 0 ? grabber.getFrameRate() : 25;
            double sendFps = options.fps() > 0 ? Math.min(options.fps(), sourceFps) : sourceFps;
            long startNanos = System.nanoTime();
            long firstTimestamp = -1;
            long lastTimestamp = 0;
            double due = 0;
            long index = 0;
            IntPointer params = new IntPointer(IMWRITE_JPEG_QUALITY, options.jpegQuality());
            Frame frame;
            while (!stop.get() && !limitReached() && (frame = grabber.grabImage()) != null) {
                long ts = grabber.getTimestamp();
                if (firstTimestamp < 0) {
                    firstTimestamp = ts;
                }
                long streamMicros = Math.max(0, ts - firstTimestamp);
                lastTimestamp = streamMicros + (long) (1e6 / sourceFps);
                // rate control: keep the frames that fall on the sending rate's ticks
                double position = index++ * sendFps / sourceFps;
                if (position + 1e-9 < due) {
                    stats.dropped.incrementAndGet();
                    continue;
                }
                due = Math.floor(position) + 1;
                if (options.realtime() && !options.live()) {
                    long wait = streamMicros * 1000 - (System.nanoTime() - startNanos);
                    if (wait > 0) {
                        Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                    }
                }
                long capture = options.live() ? nowMicros() : baseMicros + streamMicros;
                send(converter.convert(frame), frame.imageWidth, frame.imageHeight, capture, sendFps, params);
            }
            return lastTimestamp;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stop.set(true);
            return 0;
        }
    }

    private void send(Mat image, int width, int height, long captureMicros, double fps, IntPointer params) {
        byte[] jpeg;
        try (BytePointer encoded = new BytePointer()) {
            if (!imencode(".jpg", image, encoded, params)) {
                stats.dropped.incrementAndGet();
                return;
            }
            jpeg = new byte[(int) encoded.limit()];
            encoded.get(jpeg);
        }
        VideoFrame message = VideoFrame.newBuilder()
                .setCameraId(options.cameraId())
                .setSeq(seq++)
                .setCaptureTime(Instant.ofEpochSecond(captureMicros / 1_000_000, (captureMicros % 1_000_000) * 1000))
                .setFps((float) fps)
                .setWidth(width)
                .setHeight(height)
                .setEncoding(FrameEncoding.JPEG)
                .setData(ByteBuffer.wrap(jpeg))
                .build();
        producer.send(new ProducerRecord<>(topic, key, serde.encode(message)));
        stats.frames.incrementAndGet();
        stats.bytes.addAndGet(jpeg.length);
    }

    private static long nowMicros() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000L + now.getNano() / 1000;
    }
}
