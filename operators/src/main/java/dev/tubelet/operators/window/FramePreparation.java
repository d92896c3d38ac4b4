package dev.tubelet.operators.window;

import dev.tubelet.model.config.PreprocessorConfig;
import dev.tubelet.model.preprocess.FramePlanes;
import dev.tubelet.model.preprocess.FramePreprocessor;
import dev.tubelet.model.preprocess.RgbImage;
import dev.tubelet.operators.boxes.BoxSources;
import dev.tubelet.operators.boxes.KeyframeBoxer;
import dev.tubelet.operators.boxes.MotionBackground;
import dev.tubelet.operators.decode.DecodeException;
import dev.tubelet.operators.decode.FrameDecoder;
import dev.tubelet.operators.frames.FrameEnvelope;
import dev.tubelet.schema.FrameEncoding;
import java.util.function.LongConsumer;
import org.apache.flink.api.common.state.ValueState;

/**
 * A sampled frame from its bytes to what a window keeps: decoded (large JPEGs at a reduced DCT
 * scale unless exact decoding is asked for), preprocessed once to the model's input size, and, on
 * keyframes with detection on, given its boxes (the motion proposer also learns from every
 * sampled frame of its cameras). One per subtask; not thread-safe.
 */
final class FramePreparation implements AutoCloseable {
    private static final FrameEncoding[] ENCODINGS = FrameEncoding.values();

    private final FrameDecoder decoder;
    private final FramePreprocessor preprocessor;
    private final KeyframeBoxer boxer;

    /**
     * @param preprocessing the model's preprocessing
     * @param maxPixels largest image decoded
     * @param exactDecode decode every JPEG at full size
     * @param boxSources where keyframes get boxes, or null without detection
     */
    FramePreparation(PreprocessorConfig preprocessing, long maxPixels, boolean exactDecode, BoxSources boxSources) {
        int shortSide = preprocessing.shortestEdge() > 0
                ? preprocessing.shortestEdge()
                : Math.min(preprocessing.resizeHeight(), preprocessing.resizeWidth());
        this.decoder = new FrameDecoder(maxPixels, Math.max(1, shortSide), exactDecode);
        this.preprocessor = new FramePreprocessor(preprocessing);
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
     * @return the frame as a window keeps it
     * @throws DecodeException when the bytes are not the image the frame says
     */
    SampledFrame prepare(
            FrameEnvelope frame, boolean keyframe, ValueState<MotionBackground> motion, LongConsumer detectorRan)
            throws Exception {
        RgbImage image = decoder.decode(ENCODINGS[frame.encoding], frame.data, frame.width, frame.height);
        FramePlanes planes = preprocessor.preprocess(image);
        SampledFrame sampled =
                new SampledFrame(frame.seq, frame.captureMicros, planes.width(), planes.height(), planes.data());
        sampled.sourceWidth = image.width();
        sampled.sourceHeight = image.height();
        if (boxer != null) {
            box(sampled, frame, image, keyframe, motion, detectorRan);
        }
        return sampled;
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
        if (boxer != null) {
            boxer.close();
        }
    }
}
