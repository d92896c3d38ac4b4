package dev.tubelet.operators.window;

import dev.tubelet.model.preprocess.FramePlanes;
import dev.tubelet.model.preprocess.RgbImage;
import dev.tubelet.operators.boxes.BoxSources;
import dev.tubelet.operators.boxes.KeyframeBoxer;
import dev.tubelet.operators.boxes.MotionBackground;
import dev.tubelet.operators.decode.DecodeException;
import dev.tubelet.operators.frames.FrameEnvelope;
import java.util.function.LongConsumer;
import org.apache.flink.api.common.state.ValueState;

/**
 * A sampled frame from its bytes to what a window keeps: the frame as it arrived for the state,
 * and its planes, decoded and preprocessed once ({@link WindowFrames}); on keyframes with
 * detection on, its boxes (the motion proposer also learns from every sampled frame of its
 * cameras). One per subtask; not thread-safe.
 */
final class FramePreparation implements AutoCloseable {
    private final WindowFrames frames;
    private final KeyframeBoxer boxer;

    /** A sampled frame as the state keeps it, and its planes. */
    record Prepared(SampledFrame frame, FramePlanes planes) {}

    /** Gives an array for a frame's planes. */
    interface Buffers {
        byte[] acquire(int size);
    }

    /**
     * @param frames decoding and preprocessing
     * @param boxSources where keyframes get boxes, or null without detection
     */
    FramePreparation(WindowFrames frames, BoxSources boxSources) {
        this.frames = frames;
        this.boxer = boxSources == null ? null : new KeyframeBoxer(boxSources);
        if (boxer != null) {
            boxer.openDetectors();
        }
    }

    /**
     * @param frame a sampled frame
     * @param keyframe whether it will be a window's keyframe
     * @param motion the camera's motion background state (used with detection, for motion cameras)
     * @param detectorRan receives the person detector's run time, when it runs
     * @param buffers where the planes' array comes from
     * @return the frame as a window keeps it, and its planes
     * @throws DecodeException when the bytes are not the image the frame says
     */
    Prepared prepare(
            FrameEnvelope frame,
            boolean keyframe,
            ValueState<MotionBackground> motion,
            LongConsumer detectorRan,
            Buffers buffers)
            throws Exception {
        RgbImage image = frames.decode(frame.encoding, frame.data, frame.width, frame.height);
        FramePlanes planes = frames.planes(image, buffers.acquire(frames.planeBytes(image.width(), image.height())), 0);
        SampledFrame sampled = new SampledFrame();
        sampled.seq = frame.seq;
        sampled.captureMicros = frame.captureMicros;
        sampled.encoding = frame.encoding;
        sampled.statedWidth = frame.width;
        sampled.statedHeight = frame.height;
        sampled.data = frame.data;
        sampled.sourceWidth = image.width();
        sampled.sourceHeight = image.height();
        if (boxer != null) {
            box(sampled, frame, image, keyframe, motion, detectorRan);
        }
        return new Prepared(sampled, planes);
    }

    private void box(
            SampledFrame sampled,
            FrameEnvelope frame,
            RgbImage image,
            boolean keyframe,
            ValueState<MotionBackground> motion,
            LongConsumer detectorRan)
            throws Exception {
        boolean motionCamera = boxer.usesMotion(frame.cameraId) && frame.boxes.length == 0;
        MotionBackground background = null;
        if (motionCamera) {
            background = motion.value();
            if (background == null) {
                background = new MotionBackground();
            }
        }
        KeyframeBoxer.Boxes boxes =
                boxer.boxes(frame.cameraId, frame.boxes, frame.boxLabels, image, keyframe, background, detectorRan);
        if (motionCamera) {
            motion.update(background);
        }
        if (boxes != null) {
            sampled.boxes = boxes.boxes();
            sampled.boxOrigin = boxes.origin().ordinal();
            sampled.boxLabels = boxes.labels();
        }
    }

    @Override
    public void close() {
        frames.close();
        if (boxer != null) {
            boxer.close();
        }
    }
}
