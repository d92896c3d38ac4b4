package dev.tubelet.operators.window;

import dev.tubelet.model.config.PreprocessorConfig;
import dev.tubelet.operators.boxes.BoxSources;
import dev.tubelet.operators.boxes.MotionBackground;
import dev.tubelet.operators.deadletter.DeadLetterRecord;
import dev.tubelet.operators.deadletter.DeadLetters;
import dev.tubelet.operators.decode.DecodeException;
import dev.tubelet.operators.frames.FrameEnvelope;
import dev.tubelet.operators.frames.FrameLimits;
import dev.tubelet.schema.DeadLetterReason;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps each camera's sliding, temporally strided window and emits it whenever it is complete.
 *
 * <p>Per camera (the key), in keyed state: frames are put in sequence order ({@link ReorderBuffer}:
 * duplicates dropped and counted, a frame ahead of a missing one held back for a bounded time, a
 * frame that comes after its hole was given up dead-lettered LATE, a jump beyond {@code maxGap}
 * restarts the window so no window mixes footage from both sides of a gap, and a step back beyond
 * it is the camera starting over: its window starts again from that frame); the
 * {@link SamplingPolicy} picks the frames a window samples, and only those are decoded, each once
 * ({@link FramePreparation}); the {@link SlidingWindow} says when a window is due. Windows are
 * count-based, so a camera that stops never strands a complete window; a processing-time timer
 * gives up on missing frames and, after {@code idleTimeout}, releases a silent camera's state.
 * Frames that cannot be decoded go to the dead letters; so do the frames of a new camera when the
 * subtask already keeps {@code max-cameras-per-subtask} cameras (CAMERA_LIMIT).
 *
 * <pre>{@code
 * frames.keyBy(f -> f.cameraId)
 *       .process(new StridedWindowAssembler(WindowSpec.defaults(), preprocessing, FrameLimits.defaults(), false));
 * }</pre>
 */
public class StridedWindowAssembler extends KeyedProcessFunction<String, FrameEnvelope, ClipWindow> {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(StridedWindowAssembler.class);

    private final WindowSpec spec;
    private final PreprocessorConfig preprocessing;
    private final FrameLimits limits;
    private final boolean exactDecode;
    private final BoxSources boxSources;
    private final long planeCacheBytes;

    private transient ValueState<CameraWindowState> state;
    private transient ValueState<MotionBackground> motion;
    private transient ReorderBuffer order;
    private transient SamplingPolicy sampling;
    private transient SlidingWindow slider;
    private transient WindowFrames frames;
    private transient FramePreparation preparation;
    private transient PlaneCache cache;
    private transient WindowMetrics metrics;
    private transient int maxCameras;
    private transient boolean saidCameraLimit;

    /**
     * @param spec window length, sampling and timing rules
     * @param preprocessing the model's preprocessing (frames are kept at its output size)
     * @param limits pixel bound for decoding, dead-letter payload bound
     * @param exactDecode decode every JPEG at full size (no DCT-scaled decoding)
     */
    public StridedWindowAssembler(
            WindowSpec spec, PreprocessorConfig preprocessing, FrameLimits limits, boolean exactDecode) {
        this(spec, preprocessing, limits, exactDecode, null, DEFAULT_PLANE_CACHE_BYTES);
    }

    /** 512 MB: the planes of ~200 cameras' windows at 16 frames of 224×224. */
    public static final long DEFAULT_PLANE_CACHE_BYTES = 512L << 20;

    /**
     * @param spec window length, sampling and timing rules
     * @param preprocessing the model's preprocessing (frames are kept at its output size)
     * @param limits pixel bound for decoding, dead-letter payload bound
     * @param exactDecode decode every JPEG at full size (no DCT-scaled decoding)
     * @param boxSources where keyframes get their boxes (detection on), or null (detection off)
     * @param planeCacheBytes bound of the subtask's plane cache
     */
    public StridedWindowAssembler(
            WindowSpec spec,
            PreprocessorConfig preprocessing,
            FrameLimits limits,
            boolean exactDecode,
            BoxSources boxSources,
            long planeCacheBytes) {
        this.spec = spec;
        this.preprocessing = preprocessing;
        this.limits = limits;
        this.exactDecode = exactDecode;
        this.boxSources = boxSources;
        this.planeCacheBytes = planeCacheBytes;
    }

    @Override
    public void open(OpenContext context) {
        state = getRuntimeContext()
                .getState(new ValueStateDescriptor<>("camera-window", TypeInformation.of(CameraWindowState.class)));
        if (boxSources != null) {
            motion = getRuntimeContext()
                    .getState(new ValueStateDescriptor<>(
                            "motion-background", TypeInformation.of(MotionBackground.class)));
        }
        order = new ReorderBuffer(spec.maxReorder(), spec.maxGap());
        sampling = SamplingPolicy.of(spec);
        slider = new SlidingWindow(spec.frames(), spec.hop());
        frames = new WindowFrames(preprocessing, limits.maxPixels(), exactDecode);
        preparation = new FramePreparation(frames, boxSources);
        cache = new PlaneCache(planeCacheBytes);
        metrics = new WindowMetrics(getRuntimeContext().getMetricGroup(), boxSources != null, cache, frames);
        maxCameras = limits.camerasPerSubtask(Runtime.getRuntime().maxMemory());
    }

    @Override
    public void close() {
        if (preparation != null) {
            preparation.close();
        }
    }

    @Override
    public void processElement(FrameEnvelope frame, Context ctx, Collector<ClipWindow> out) throws Exception {
        long stateStart = metrics.stateReadCpu.start();
        CameraWindowState s = state.value();
        metrics.stateReadCpu.stop(stateStart);
        if (s == null) {
            if (metrics.activeCameras.size() >= maxCameras && !metrics.activeCameras.contains(frame.cameraId)) {
                refuseCamera(frame, ctx);
                return;
            }
            s = new CameraWindowState();
        }
        metrics.activeCameras.add(frame.cameraId);
        long lastSeq = s.lastSeq;
        long now = ctx.timerService().currentProcessingTime();
        s.lastArrivalMillis = now;
        CameraWindowState camera = s;
        ReorderBuffer.Offer offer = order.offer(s, frame, next -> take(camera, next, ctx, out));
        if (offer == ReorderBuffer.Offer.DUPLICATE) {
            metrics.duplicate();
        } else if (offer == ReorderBuffer.Offer.LATE) {
            metrics.late();
            deadLetter(
                    ctx,
                    frame,
                    DeadLetterReason.LATE,
                    "seq " + frame.seq + " came after the window stopped waiting for it (it had taken seq " + lastSeq
                            + "; max-reorder and the reorder timeout bound the wait)");
        } else if (offer == ReorderBuffer.Offer.RESTARTED) {
            metrics.cameraRestarts.inc();
            LOG.info(
                    "camera {}: seq went back from {} to {} (the camera or its ingest restarted): its window starts"
                            + " again from that frame",
                    frame.cameraId,
                    lastSeq,
                    frame.seq);
        } else if (offer == ReorderBuffer.Offer.HELD) {
            ctx.timerService()
                    .registerProcessingTimeTimer(now + spec.reorderTimeout().toMillis());
        }
        // one idle timer per camera and second (Flink keeps one timer per key and timestamp)
        long idleAt = ((now + spec.idleTimeout().toMillis()) / 1000 + 1) * 1000;
        ctx.timerService().registerProcessingTimeTimer(idleAt);
        stateStart = metrics.stateWriteCpu.start();
        state.update(s);
        metrics.stateWriteCpu.stop(stateStart);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<ClipWindow> out) throws Exception {
        CameraWindowState s = state.value();
        if (s == null) {
            return;
        }
        if (timestamp - s.lastArrivalMillis >= spec.idleTimeout().toMillis()) {
            order.flush(s, next -> take(s, next, ctx, out));
            forget(ctx.getCurrentKey(), s);
            state.clear();
            if (motion != null) {
                motion.clear();
            }
            metrics.activeCameras.remove(ctx.getCurrentKey());
            LOG.info(
                    "camera {} idle for {} s: window state released",
                    ctx.getCurrentKey(),
                    spec.idleTimeout().toSeconds());
            return;
        }
        if (ReorderBuffer.holding(s)
                && timestamp - s.lastArrivalMillis >= spec.reorderTimeout().toMillis()) {
            order.flush(s, next -> take(s, next, ctx, out));
            state.update(s);
        }
    }

    /** A new camera beyond the subtask's limit: its frame is a dead letter, the first time also a log line. */
    private void refuseCamera(FrameEnvelope frame, Context ctx) {
        metrics.overCameraLimit();
        String why = "this subtask keeps " + metrics.activeCameras.size() + " cameras, its limit "
                + "(max-cameras-per-subtask " + maxCameras + "): a camera's state is released after "
                + spec.idleTimeout().toSeconds() + " s without frames; raise the limit or the parallelism";
        if (!saidCameraLimit) {
            saidCameraLimit = true;
            LOG.warn("camera {} refused: {}", frame.cameraId, why);
        }
        deadLetter(ctx, frame, DeadLetterReason.CAMERA_LIMIT, "camera " + frame.cameraId + " refused: " + why);
    }

    /** A frame the window drops, with why: to the dead letters, its payload bounded. */
    private void deadLetter(Context ctx, FrameEnvelope frame, DeadLetterReason reason, String message) {
        ctx.output(
                DeadLetters.TAG,
                DeadLetterRecord.of(
                        frame.topic,
                        frame.partition,
                        frame.offset,
                        reason,
                        message,
                        frame.data,
                        limits.maxDeadLetterPayload(),
                        frame.cameraId));
    }

    /** Lets the planes of a camera's window go (a restart, or the camera went idle). */
    private void forget(String cameraId, CameraWindowState s) {
        for (SampledFrame f : s.frames) {
            cache.remove(cameraId, f.seq);
        }
    }

    /** The next frame in order (a hole before it accepted): restarts after a gap, samples, decodes, emits as due. */
    private void take(CameraWindowState s, FrameEnvelope frame, Context ctx, Collector<ClipWindow> out)
            throws Exception {
        FrameEnvelope sample;
        if (s.lastSeq < 0 || frame.seq - s.lastSeq > spec.maxGap()) {
            if (s.lastSeq >= 0) {
                metrics.windowRestarts.inc();
                LOG.info(
                        "camera {}: gap of {} frames after seq {}, window restarted",
                        frame.cameraId,
                        frame.seq - s.lastSeq - 1,
                        s.lastSeq);
            }
            forget(frame.cameraId, s);
            slider.restart(s);
            sampling.restart(s, frame);
            sample = frame;
        } else {
            sample = sampling.next(s, frame);
        }
        if (sample == null) {
            metrics.framesSkipped.inc();
            return;
        }
        FramePreparation.Prepared prepared;
        try {
            prepared =
                    preparation.prepare(sample, slider.nextIsKeyframe(s), motion, metrics::detectorRan, cache::acquire);
            metrics.framesDecoded.inc();
        } catch (DecodeException e) {
            metrics.undecodable();
            deadLetter(ctx, sample, e.reason(), e.getMessage());
            return;
        }
        SampledFrame leaving = slider.leavingOnAdd(s);
        if (leaving != null) {
            cache.remove(frame.cameraId, leaving.seq);
        }
        cache.put(frame.cameraId, prepared.frame().seq, prepared.planes().data());
        if (slider.add(s, prepared.frame())) {
            ClipWindow window = SlidingWindow.window(
                    frame.cameraId,
                    s,
                    prepared.planes().width(),
                    prepared.planes().height());
            // the window's own copy: cached planes are reused once their frame leaves
            int frameBytes = window.frameBytes();
            window.pixels = new byte[window.frames.length * frameBytes];
            for (int i = 0; i < window.frames.length; i++) {
                SampledFrame f = window.frames[i];
                byte[] planes = cache.get(frame.cameraId, f.seq);
                if (planes == null) {
                    planes = cache.acquire(frameBytes);
                    frames.planes(frame.cameraId, f, planes, 0);
                    cache.put(frame.cameraId, f.seq, planes);
                }
                System.arraycopy(planes, 0, window.pixels, i * frameBytes, frameBytes);
            }
            out.collect(window);
            for (SampledFrame dead : slider.dropPast(s)) {
                cache.remove(frame.cameraId, dead.seq);
            }
            metrics.emitted(window);
        }
    }
}
