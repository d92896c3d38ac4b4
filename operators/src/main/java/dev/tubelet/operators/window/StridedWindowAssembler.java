package dev.tubelet.operators.window;

import dev.tubelet.model.config.PreprocessorConfig;
import dev.tubelet.model.preprocess.FramePlanes;
import dev.tubelet.model.preprocess.FramePreprocessor;
import dev.tubelet.model.preprocess.RgbImage;
import dev.tubelet.operators.boxes.BoxSources;
import dev.tubelet.operators.boxes.KeyframeBoxer;
import dev.tubelet.operators.boxes.MotionBackground;
import dev.tubelet.operators.deadletter.DeadLetterRecord;
import dev.tubelet.operators.deadletter.DeadLetters;
import dev.tubelet.operators.decode.DecodeException;
import dev.tubelet.operators.decode.FrameDecoder;
import dev.tubelet.operators.frames.FrameEnvelope;
import dev.tubelet.operators.frames.FrameLimits;
import dev.tubelet.schema.FrameEncoding;
import java.util.Arrays;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.runtime.metrics.DescriptiveStatisticsHistogram;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps each camera's sliding, temporally strided window and emits it whenever it is complete.
 *
 * <p>Per camera (the key): frames are taken in sequence order; duplicates (a sequence number
 * already taken) are dropped; a frame ahead of a missing one waits, up to {@code maxReorder}
 * frames or {@code reorderTimeout}, for the missing one, after which the hole is accepted; a jump
 * of more than {@code maxGap} sequence numbers restarts the window, so no window mixes footage
 * from both sides of a gap. Only sampled frames are decoded, each once, into 8-bit planes kept in
 * state and shared by the windows that contain them. Windows are count-based, so a camera that
 * stops never strands a complete window; a processing-time timer gives up on missing frames and,
 * after {@code idleTimeout}, releases a silent camera's state. Frames that cannot be decoded go
 * to the dead letters.
 *
 * <p>Windows own no copies: with object reuse on, the emitted planes are the state's arrays, which
 * are never written after they are made.
 */
public class StridedWindowAssembler extends KeyedProcessFunction<String, FrameEnvelope, ClipWindow> {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(StridedWindowAssembler.class);
    private static final FrameEncoding[] ENCODINGS = FrameEncoding.values();

    private final WindowSpec spec;
    private final PreprocessorConfig preprocessing;
    private final FrameLimits limits;
    private final boolean exactDecode;
    private final BoxSources boxSources;

    private transient ValueState<CameraWindowState> state;
    private transient ValueState<MotionBackground> motion;
    private transient KeyframeBoxer boxer;
    private transient Histogram boxesPerWindow;
    private transient Histogram detectorLatencyMs;
    private transient Counter detectorRuns;
    private transient java.util.function.LongConsumer detectorRan;
    private transient FrameDecoder decoder;
    private transient FramePreprocessor preprocessor;
    private transient Counter framesDecoded;
    private transient Counter framesDropped;
    private transient Counter framesDroppedDuplicate;
    private transient Counter framesDroppedUndecodable;
    private transient Counter framesSkipped;
    private transient Counter windowsEmitted;
    private transient Counter windowRestarts;
    private transient Counter deadLetters;
    /** Cameras with state in this subtask, as seen since it started (rebuilt from traffic after a restore). */
    private transient java.util.Set<String> activeCameras;

    /**
     * @param spec window length, sampling and timing rules
     * @param preprocessing the model's preprocessing (frames are kept at its output size)
     * @param limits pixel bound for decoding, dead-letter payload bound
     * @param exactDecode decode every JPEG at full size (no DCT-scaled decoding)
     */
    public StridedWindowAssembler(WindowSpec spec, PreprocessorConfig preprocessing, FrameLimits limits, boolean exactDecode) {
        this(spec, preprocessing, limits, exactDecode, null);
    }

    /**
     * @param spec window length, sampling and timing rules
     * @param preprocessing the model's preprocessing (frames are kept at its output size)
     * @param limits pixel bound for decoding, dead-letter payload bound
     * @param exactDecode decode every JPEG at full size (no DCT-scaled decoding)
     * @param boxSources where keyframes get their boxes (detection on), or null (detection off)
     */
    public StridedWindowAssembler(WindowSpec spec, PreprocessorConfig preprocessing, FrameLimits limits, boolean exactDecode,
            BoxSources boxSources) {
        this.spec = spec;
        this.preprocessing = preprocessing;
        this.limits = limits;
        this.exactDecode = exactDecode;
        this.boxSources = boxSources;
    }

    @Override
    public void open(OpenContext context) {
        state = getRuntimeContext().getState(new ValueStateDescriptor<>("camera-window", TypeInformation.of(CameraWindowState.class)));
        int shortSide = preprocessing.shortestEdge() > 0 ? preprocessing.shortestEdge()
                : Math.min(preprocessing.resizeHeight(), preprocessing.resizeWidth());
        decoder = new FrameDecoder(limits.maxPixels(), Math.max(1, shortSide), exactDecode);
        preprocessor = new FramePreprocessor(preprocessing);
        var metrics = getRuntimeContext().getMetricGroup();
        framesDecoded = metrics.counter("framesDecoded");
        framesDropped = metrics.counter("framesDropped");
        framesDroppedDuplicate = metrics.counter("framesDroppedDuplicate");
        framesDroppedUndecodable = metrics.counter("framesDroppedUndecodable");
        framesSkipped = metrics.counter("framesSkipped");
        windowsEmitted = metrics.counter("windowsEmitted");
        windowRestarts = metrics.counter("windowRestarts");
        deadLetters = metrics.counter("deadLetters");
        activeCameras = new java.util.HashSet<>();
        metrics.gauge("activeCameras", () -> activeCameras.size());
        if (boxSources != null) {
            motion = getRuntimeContext().getState(new ValueStateDescriptor<>("motion-background", TypeInformation.of(MotionBackground.class)));
            boxer = new KeyframeBoxer(boxSources);
            boxer.openDetectors();
            boxesPerWindow = metrics.histogram("boxesPerWindow", new DescriptiveStatisticsHistogram(1000));
            detectorLatencyMs = metrics.histogram("detectorLatencyMs", new DescriptiveStatisticsHistogram(1000));
            detectorRuns = metrics.counter("detectorRuns");
            detectorRan = ms -> {
                detectorLatencyMs.update(ms);
                detectorRuns.inc();
            };
        }
    }

    @Override
    public void close() {
        if (boxer != null) {
            boxer.close();
        }
    }

    @Override
    public void processElement(FrameEnvelope frame, Context ctx, Collector<ClipWindow> out) throws Exception {
        CameraWindowState s = state.value();
        if (s == null) {
            s = new CameraWindowState();
        }
        activeCameras.add(frame.cameraId);
        long now = ctx.timerService().currentProcessingTime();
        s.lastArrivalMillis = now;
        if (s.lastSeq >= 0 && frame.seq <= s.lastSeq || isPending(s, frame.seq)) {
            framesDropped.inc();
            framesDroppedDuplicate.inc();
        } else if (s.lastSeq < 0 || frame.seq == s.lastSeq + 1) {
            take(s, frame, ctx, out);
            drainInOrder(s, ctx, out);
        } else if (frame.seq - s.lastSeq > spec.maxGap()) {
            flushPending(s, ctx, out);
            take(s, frame, ctx, out);
        } else {
            addPending(s, frame);
            if (s.pending.length > spec.maxReorder()) {
                flushPending(s, ctx, out);
            } else {
                ctx.timerService().registerProcessingTimeTimer(now + spec.reorderTimeout().toMillis());
            }
        }
        // one idle timer per camera and second (Flink keeps one timer per key and timestamp)
        long idleAt = ((now + spec.idleTimeout().toMillis()) / 1000 + 1) * 1000;
        ctx.timerService().registerProcessingTimeTimer(idleAt);
        state.update(s);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<ClipWindow> out) throws Exception {
        CameraWindowState s = state.value();
        if (s == null) {
            return;
        }
        if (timestamp - s.lastArrivalMillis >= spec.idleTimeout().toMillis()) {
            flushPending(s, ctx, out);
            state.clear();
            if (motion != null) {
                motion.clear();
            }
            activeCameras.remove(ctx.getCurrentKey());
            LOG.info("camera {} idle for {} s: window state released", ctx.getCurrentKey(), spec.idleTimeout().toSeconds());
            return;
        }
        if (s.pending.length > 0 && timestamp - s.lastArrivalMillis >= spec.reorderTimeout().toMillis()) {
            flushPending(s, ctx, out);
            state.update(s);
        }
    }

    /** Takes pending frames that are now next in order. */
    private void drainInOrder(CameraWindowState s, Context ctx, Collector<ClipWindow> out) throws Exception {
        while (s.pending.length > 0 && s.pending[0].seq == s.lastSeq + 1) {
            FrameEnvelope next = s.pending[0];
            s.pending = Arrays.copyOfRange(s.pending, 1, s.pending.length);
            take(s, next, ctx, out);
        }
    }

    /** Gives up on missing frames: takes every pending frame in order, holes and all. */
    private void flushPending(CameraWindowState s, Context ctx, Collector<ClipWindow> out) throws Exception {
        FrameEnvelope[] pending = s.pending;
        s.pending = new FrameEnvelope[0];
        for (FrameEnvelope frame : pending) {
            if (frame.seq > s.lastSeq) {
                take(s, frame, ctx, out);
            }
        }
    }

    private static boolean isPending(CameraWindowState s, long seq) {
        for (FrameEnvelope p : s.pending) {
            if (p.seq == seq) {
                return true;
            }
        }
        return false;
    }

    private static void addPending(CameraWindowState s, FrameEnvelope frame) {
        FrameEnvelope[] pending = Arrays.copyOf(s.pending, s.pending.length + 1);
        int i = pending.length - 1;
        while (i > 0 && pending[i - 1].seq > frame.seq) {
            pending[i] = pending[i - 1];
            i--;
        }
        pending[i] = frame;
        s.pending = pending;
    }

    /** Takes the next frame in order (a hole before it is accepted): samples, decodes and emits as due. */
    private void take(CameraWindowState s, FrameEnvelope frame, Context ctx, Collector<ClipWindow> out) throws Exception {
        FrameEnvelope sample = null;
        if (s.lastSeq < 0 || frame.seq - s.lastSeq > spec.maxGap()) {
            if (s.lastSeq >= 0) {
                windowRestarts.inc();
                LOG.info("camera {}: gap of {} frames after seq {}, window restarted", frame.cameraId, frame.seq - s.lastSeq - 1, s.lastSeq);
            }
            restart(s, frame);
            sample = frame;
        } else if (spec.uniform()) {
            // the frame nearest each slot's time: VideoMAE's uniform sampling picks one frame per equal segment
            if (frame.captureMicros >= s.nextSlotMicros) {
                boolean previousNearer = s.previous != null
                        && s.nextSlotMicros - s.previous.captureMicros < frame.captureMicros - s.nextSlotMicros;
                sample = previousNearer ? s.previous : frame;
                long slot = Math.max(1, spec.uniformSpan().toNanos() / 1000 / spec.frames());
                long behind = (sample.captureMicros - s.nextSlotMicros) / slot;
                s.nextSlotMicros += (Math.max(0, behind) + 1) * slot;
                s.previous = previousNearer ? frame : null;
            } else {
                s.previous = frame;
            }
        } else {
            long next = nextSampledAfter(s, s.lastSeq);
            if (next < frame.seq) {
                s.phaseSeq = frame.seq; // the sampled frame was lost in a hole: re-anchor on this one
            }
            sample = (frame.seq - s.phaseSeq) % s.stride == 0 ? frame : null;
        }
        s.lastSeq = frame.seq;
        if (sample == null) {
            framesSkipped.inc();
            return;
        }
        SampledFrame decoded = decode(sample, ctx, isKeyframe(s.sampledCount + 1));
        if (decoded == null) {
            return;
        }
        s.sampledCount++;
        int keep = Math.min(s.frames.length + 1, spec.frames());
        SampledFrame[] frames = new SampledFrame[keep];
        System.arraycopy(s.frames, s.frames.length - (keep - 1), frames, 0, keep - 1);
        frames[keep - 1] = decoded;
        s.frames = frames;
        s.sampledSinceEmit++;
        if (frames.length == spec.frames() && (!s.emitted || s.sampledSinceEmit >= spec.hop())) {
            s.emitted = true;
            s.sampledSinceEmit = 0;
            ClipWindow window = window(frame.cameraId, s);
            if (boxesPerWindow != null) {
                boxesPerWindow.update(window.keyBoxes == null ? 0 : window.keyBoxes.length / 5);
            }
            out.collect(window);
            windowsEmitted.inc();
        }
    }

    /**
     * Windows are emitted at the {@code T}-th kept frame and every {@code hop} after it, and their
     * keyframe is the middle one (index T/2): so the n-th kept frame (from 1) is a keyframe when
     * {@code n = 1 + T/2 + j·hop}.
     */
    private boolean isKeyframe(long n) {
        long first = 1 + spec.frames() / 2;
        return n >= first && (n - first) % spec.hop() == 0;
    }

    private long nextSampledAfter(CameraWindowState s, long seq) {
        long offset = seq + 1 - s.phaseSeq;
        long steps = (offset + s.stride - 1) / s.stride;
        return s.phaseSeq + steps * s.stride;
    }

    private void restart(CameraWindowState s, FrameEnvelope frame) {
        s.phaseSeq = frame.seq;
        s.stride = spec.uniform() ? 0 : spec.strideFor(frame.fps);
        s.frames = new SampledFrame[0];
        s.sampledCount = 0;
        s.sampledSinceEmit = 0;
        s.emitted = false;
        s.previous = null;
        if (spec.uniform()) {
            s.nextSlotMicros = frame.captureMicros + spec.uniformSpan().toNanos() / 1000 / spec.frames();
        }
    }

    private SampledFrame decode(FrameEnvelope frame, Context ctx, boolean keyframe) throws Exception {
        try {
            RgbImage image = decoder.decode(ENCODINGS[frame.encoding], frame.data, frame.width, frame.height);
            FramePlanes planes = preprocessor.preprocess(image);
            framesDecoded.inc();
            SampledFrame sampled = new SampledFrame(frame.seq, frame.captureMicros, planes.width(), planes.height(), planes.data());
            sampled.sourceWidth = image.width();
            sampled.sourceHeight = image.height();
            if (boxer != null) {
                MotionBackground background = null;
                boolean motionCamera = boxer.usesMotion(frame.cameraId) && frame.boxes.length == 0;
                if (motionCamera) {
                    background = motion.value();
                    if (background == null) {
                        background = new MotionBackground();
                    }
                }
                KeyframeBoxer.Boxes boxes = boxer.boxes(frame.cameraId, frame.boxes, frame.boxLabels, image, keyframe, background,
                        detectorRan);
                if (motionCamera) {
                    motion.update(background);
                }
                if (boxes != null) {
                    sampled.boxes = boxes.boxes();
                    sampled.boxOrigin = boxes.origin().ordinal();
                    sampled.boxLabels = boxes.labels();
                }
            }
            return sampled;
        } catch (DecodeException e) {
            framesDropped.inc();
            framesDroppedUndecodable.inc();
            deadLetters.inc();
            ctx.output(DeadLetters.TAG, DeadLetterRecord.of(frame.topic, frame.partition, frame.offset, e.reason(), e.getMessage(),
                    frame.data, limits.maxDeadLetterPayload(), frame.cameraId));
            return null;
        }
    }

    private static ClipWindow window(String cameraId, CameraWindowState s) {
        ClipWindow w = new ClipWindow();
        int t = s.frames.length;
        w.cameraId = cameraId;
        w.seqs = new long[t];
        w.captureMicros = new long[t];
        w.planes = new byte[t][];
        for (int i = 0; i < t; i++) {
            w.seqs[i] = s.frames[i].seq;
            w.captureMicros[i] = s.frames[i].captureMicros;
            w.planes[i] = s.frames[i].planes;
        }
        w.stride = s.stride;
        w.width = s.frames[0].width;
        w.height = s.frames[0].height;
        SampledFrame key = s.frames[w.keyframeIndex()];
        w.keyBoxes = key.boxes;
        w.keyBoxOrigin = key.boxOrigin;
        w.keyBoxLabels = key.boxLabels;
        w.keyWidth = key.sourceWidth;
        w.keyHeight = key.sourceHeight;
        return w;
    }
}
