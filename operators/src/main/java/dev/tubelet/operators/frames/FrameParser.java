package dev.tubelet.operators.frames;

import dev.tubelet.operators.deadletter.DeadLetterRecord;
import dev.tubelet.operators.deadletter.DeadLetters;
import dev.tubelet.operators.decode.DecodeException;
import dev.tubelet.operators.decode.ImageHeader;
import dev.tubelet.operators.metrics.MetricNames;
import dev.tubelet.operators.metrics.SampledCpuTime;
import dev.tubelet.schema.DeadLetterReason;
import dev.tubelet.schema.FrameEncoding;
import dev.tubelet.schema.MessageFormatException;
import dev.tubelet.schema.SingleObjectSerde;
import dev.tubelet.schema.TrustedPackages;
import dev.tubelet.schema.VideoFrame;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Kafka records to frames: decodes the Avro {@code VideoFrame}, checks its fields, and sends
 * anything unusable to the dead letters with its reason (NOT_AVRO, WRONG_SCHEMA, OVERSIZED,
 * UNKNOWN_ENCODING, INVALID_FIELD). Images are not decoded here: only the window knows which
 * frames will be sampled.
 */
public class FrameParser extends ProcessFunction<RawKafkaRecord, FrameEnvelope> {
    private static final long serialVersionUID = 1L;

    private final FrameLimits limits;
    private transient SingleObjectSerde<VideoFrame> serde;
    private transient Counter framesReceived;
    private transient Counter deadLetters;
    private transient SampledCpuTime cpu;

    /**
     * @param limits size bounds
     */
    public FrameParser(FrameLimits limits) {
        this.limits = limits;
    }

    @Override
    public void open(OpenContext context) {
        TrustedPackages.register();
        serde = SingleObjectSerde.of(VideoFrame.class);
        framesReceived = getRuntimeContext().getMetricGroup().counter(MetricNames.FRAMES_RECEIVED);
        deadLetters = getRuntimeContext().getMetricGroup().counter(MetricNames.DEAD_LETTERS);
        cpu = new SampledCpuTime();
        getRuntimeContext().getMetricGroup().gauge(MetricNames.CPU_NANOS_PARSE, cpu::totalNanos);
    }

    @Override
    public void processElement(RawKafkaRecord record, Context ctx, Collector<FrameEnvelope> out) {
        long start = cpu.start();
        FrameEnvelope envelope;
        try {
            envelope = parse(record, ctx);
        } finally {
            cpu.stop(start);
        }
        if (envelope != null) {
            out.collect(envelope);
        }
    }

    /** @return the frame, or null when it went to the dead letters */
    private FrameEnvelope parse(RawKafkaRecord record, Context ctx) {
        framesReceived.inc();
        String keyCamera = record.key == null ? null : new String(record.key, StandardCharsets.UTF_8);
        if (record.value != null && record.value.length > limits.maxMessageBytes()) {
            reject(
                    ctx,
                    record,
                    DeadLetterReason.OVERSIZED,
                    "message of " + record.value.length + " bytes, the limit is " + limits.maxMessageBytes(),
                    keyCamera);
            return null;
        }
        VideoFrame frame;
        try {
            frame = serde.decode(record.value);
        } catch (MessageFormatException e) {
            reject(ctx, record, e.reason(), e.getMessage(), keyCamera);
            return null;
        }
        String problem = check(frame);
        if (problem != null) {
            DeadLetterReason reason = frame.getEncoding() == FrameEncoding.UNKNOWN
                    ? DeadLetterReason.UNKNOWN_ENCODING
                    : DeadLetterReason.INVALID_FIELD;
            reject(ctx, record, reason, problem, frame.getCameraId());
            return null;
        }
        FrameEnvelope envelope = new FrameEnvelope();
        envelope.cameraId = frame.getCameraId();
        envelope.seq = frame.getSeq();
        Instant capture = frame.getCaptureTime();
        envelope.captureMicros = capture.getEpochSecond() * 1_000_000L + capture.getNano() / 1_000;
        envelope.fps = frame.getFps();
        envelope.width = frame.getWidth();
        envelope.height = frame.getHeight();
        envelope.encoding = frame.getEncoding().ordinal();
        ByteBuffer data = frame.getData();
        if (data.hasArray()
                && data.arrayOffset() == 0
                && data.position() == 0
                && data.remaining() == data.array().length) {
            envelope.data = data.array(); // Avro decoded the bytes into their own array: take it, do not copy again
        } else {
            envelope.data = new byte[data.remaining()];
            data.get(envelope.data);
        }
        Rejection declared = declaredSizeProblem(frame.getEncoding(), envelope);
        if (declared != null) {
            reject(ctx, record, declared.reason(), declared.message(), frame.getCameraId());
            return null;
        }
        envelope.boxes = boxes(frame);
        envelope.boxLabels = frame.getBoxes().stream()
                .map(b -> b.getLabel() == null ? "" : b.getLabel())
                .toArray(String[]::new);
        envelope.topic = record.topic;
        envelope.partition = record.partition;
        envelope.offset = record.offset;
        return envelope;
    }

    /** Why a frame is refused. */
    private record Rejection(DeadLetterReason reason, String message) {}

    /**
     * A JPEG's or PNG's declared width and height must be its header's: the window is sized and
     * boxes are scaled from them. Reading the header costs a few hundred bytes, no decoding.
     *
     * @return why not, or null
     */
    private static Rejection declaredSizeProblem(FrameEncoding encoding, FrameEnvelope envelope) {
        if (encoding != FrameEncoding.JPEG && encoding != FrameEncoding.PNG) {
            return null;
        }
        try {
            ImageHeader header =
                    encoding == FrameEncoding.JPEG ? ImageHeader.jpeg(envelope.data) : ImageHeader.png(envelope.data);
            if (header.width() == envelope.width && header.height() == envelope.height) {
                return null;
            }
            return new Rejection(
                    DeadLetterReason.INVALID_FIELD,
                    "width and height must be the image's: declared " + envelope.width + "x" + envelope.height
                            + ", the " + encoding + " is " + header.width() + "x" + header.height());
        } catch (DecodeException e) {
            return new Rejection(e.reason(), e.getMessage());
        }
    }

    private String check(VideoFrame frame) {
        if (frame.getCameraId() == null || frame.getCameraId().isBlank()) {
            return "camera_id must not be empty";
        }
        String camera = frame.getCameraId();
        int idBytes = camera.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        if (idBytes > FrameLimits.MAX_CAMERA_ID_BYTES) {
            return "camera_id must be at most " + FrameLimits.MAX_CAMERA_ID_BYTES + " bytes, found " + idBytes;
        }
        if (camera.codePoints().anyMatch(c -> Character.isISOControl(c) || !Character.isDefined(c))) {
            return "camera_id must be printable characters, found control or undefined characters";
        }
        float fps = frame.getFps();
        if (!(fps >= 0 && fps <= FrameLimits.MAX_FPS)) {
            return "fps must be a number in 0.." + (int) FrameLimits.MAX_FPS + ", found " + fps;
        }
        long capture =
                frame.getCaptureTime() == null ? 0 : frame.getCaptureTime().toEpochMilli();
        long latest = System.currentTimeMillis() + limits.maxClockSkew().toMillis();
        if (capture < 0 || capture > latest) {
            return "capture_time must be after 1970 and at most "
                    + limits.maxClockSkew().toSeconds() + " s ahead of the job's clock, found "
                    + frame.getCaptureTime();
        }
        if (frame.getBoxes().size() > limits.maxBoxes()) {
            return "at most " + limits.maxBoxes() + " boxes per frame, found "
                    + frame.getBoxes().size();
        }
        if (frame.getSeq() < 0) {
            return "seq must be ≥ 0, found " + frame.getSeq();
        }
        if (frame.getEncoding() == FrameEncoding.UNKNOWN) {
            return "encoding must be JPEG, PNG, RAW_RGB24 or RAW_BGR24, found an encoding this job does not know";
        }
        if (frame.getWidth() <= 0 || frame.getHeight() <= 0) {
            return "width and height must be positive, found " + frame.getWidth() + "x" + frame.getHeight();
        }
        boolean raw = frame.getEncoding() == FrameEncoding.RAW_RGB24 || frame.getEncoding() == FrameEncoding.RAW_BGR24;
        long expected = (long) frame.getWidth() * frame.getHeight() * 3;
        if (raw && frame.getData().remaining() != expected) {
            return frame.getEncoding() + " " + frame.getWidth() + "x" + frame.getHeight() + " needs " + expected
                    + " bytes, found " + frame.getData().remaining();
        }
        if (frame.getData().remaining() == 0) {
            return "data must not be empty";
        }
        for (int i = 0; i < frame.getBoxes().size(); i++) {
            dev.tubelet.schema.Box b = frame.getBoxes().get(i);
            boolean inside = b.getX1() >= 0
                    && b.getY1() >= 0
                    && b.getX2() <= 1
                    && b.getY2() <= 1
                    && b.getX2() > b.getX1()
                    && b.getY2() > b.getY1();
            if (!inside || !(b.getScore() >= 0 && b.getScore() <= 1)) {
                return "boxes[" + i
                        + "] must be normalized with 0 <= x1 < x2 <= 1, 0 <= y1 < y2 <= 1 and a score in 0..1, found ("
                        + b.getX1() + ", " + b.getY1() + ", " + b.getX2() + ", " + b.getY2() + ") score "
                        + b.getScore();
            }
        }
        return null;
    }

    private static float[] boxes(VideoFrame frame) {
        java.util.List<dev.tubelet.schema.Box> list = frame.getBoxes();
        float[] out = new float[list.size() * 5];
        for (int i = 0; i < list.size(); i++) {
            dev.tubelet.schema.Box b = list.get(i);
            out[i * 5] = b.getX1();
            out[i * 5 + 1] = b.getY1();
            out[i * 5 + 2] = b.getX2();
            out[i * 5 + 3] = b.getY2();
            out[i * 5 + 4] = b.getScore();
        }
        return out;
    }

    private void reject(Context ctx, RawKafkaRecord record, DeadLetterReason reason, String message, String camera) {
        deadLetters.inc();
        ctx.output(
                DeadLetters.TAG,
                DeadLetterRecord.of(
                        record.topic,
                        record.partition,
                        record.offset,
                        reason,
                        message,
                        record.value,
                        limits.maxDeadLetterPayload(),
                        camera));
    }
}
