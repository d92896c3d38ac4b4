package dev.tubelet.operators.boxes;

import dev.tubelet.model.detect.DetectedBox;
import dev.tubelet.model.preprocess.RgbImage;
import dev.tubelet.model.runtime.PersonDetector;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives keyframes their boxes, by each camera's source: the frame's own boxes when it carries
 * any (used as given, nothing else runs), else the motion proposer (which also learns from every
 * other sampled frame, keyframe or not) or the person detector (run on keyframes only). Detectors
 * are opened on first use and shared per model in the JVM. Not thread-safe: one per operator
 * instance.
 */
public final class KeyframeBoxer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(KeyframeBoxer.class);

    /**
     * @param boxes x1, y1, x2, y2, score per box, normalized to the frame
     * @param origin where they came from
     * @param labels upstream boxes' labels as given, or null for boxes made here
     */
    public record Boxes(float[] boxes, BoxOrigin origin, String[] labels) {
        Boxes(float[] boxes, BoxOrigin origin) {
            this(boxes, origin, null);
        }
    }

    private final BoxSources sources;
    private final MotionProposer proposer;
    private final Map<String, PersonDetector> detectors = new HashMap<>();
    private long detectorFailures;

    /**
     * @param sources every camera's source and the settings
     */
    public KeyframeBoxer(BoxSources sources) {
        this.sources = sources;
        this.proposer = new MotionProposer(sources.motion());
    }

    /** @return whether the camera's background must be kept (its source is the motion proposer) */
    public boolean usesMotion(String cameraId) {
        return sources.forCamera(cameraId).origin() == BoxOrigin.MOTION;
    }

    /**
     * @param cameraId the camera
     * @param upstream the frame's own boxes (x1, y1, x2, y2, score each), possibly empty
     * @param upstreamLabels their labels
     * @param image the decoded frame
     * @param keyframe whether the frame will be a window's keyframe
     * @param background the camera's motion background (for a motion camera; changed in place), or null
     * @param detectorLatencyMs receives the detector's run time
     * @return the keyframe's boxes, or null when the frame is no keyframe
     */
    public Boxes boxes(
            String cameraId,
            float[] upstream,
            String[] upstreamLabels,
            RgbImage image,
            boolean keyframe,
            MotionBackground background,
            LongConsumer detectorLatencyMs) {
        if (upstream.length > 0) {
            return keyframe ? new Boxes(upstream, BoxOrigin.UPSTREAM, upstreamLabels) : null;
        }
        BoxSourceSpec source = sources.forCamera(cameraId);
        switch (source.origin()) {
            case MOTION: {
                List<DetectedBox> found = proposer.propose(image, background);
                return keyframe ? new Boxes(flatten(found), BoxOrigin.MOTION) : null;
            }
            case DETECTOR: {
                if (!keyframe) {
                    return null;
                }
                long start = System.nanoTime();
                try {
                    List<DetectedBox> found = detector(source.detectorModel()).detect(image);
                    detectorLatencyMs.accept((System.nanoTime() - start) / 1_000_000);
                    return new Boxes(flatten(found), BoxOrigin.DETECTOR);
                } catch (ai.onnxruntime.OrtException e) {
                    // one failed run costs one keyframe's boxes, not the job
                    if (detectorFailures++ % 100 == 0) {
                        LOG.warn(
                                "person detector failed on a keyframe of camera {} ({} failures so far): {}",
                                cameraId,
                                detectorFailures,
                                e.getMessage());
                    }
                    return new Boxes(new float[0], BoxOrigin.DETECTOR);
                }
            }
            default:
                return keyframe ? new Boxes(new float[0], BoxOrigin.UPSTREAM) : null;
        }
    }

    private PersonDetector detector(String model) {
        return detectors.computeIfAbsent(model, m -> {
            BoxSources.DetectorSettings d = sources.detector();
            return PersonDetector.open(new PersonDetector.Options(
                    Path.of(m),
                    sources.execution(),
                    null,
                    d.classId(),
                    d.scoreThreshold(),
                    d.iouThreshold(),
                    d.maxBoxes(),
                    640));
        });
    }

    /** Opens every detector the sources name, so a bad model stops the job at start, not at the first keyframe. */
    public void openDetectors() {
        if (sources.defaults().origin() == BoxOrigin.DETECTOR) {
            detector(sources.defaults().detectorModel());
        }
        for (BoxSourceSpec s : sources.perCamera().values()) {
            if (s.origin() == BoxOrigin.DETECTOR) {
                detector(s.detectorModel());
            }
        }
    }

    private static float[] flatten(List<DetectedBox> boxes) {
        float[] out = new float[boxes.size() * 5];
        for (int i = 0; i < boxes.size(); i++) {
            DetectedBox b = boxes.get(i);
            out[i * 5] = b.x1();
            out[i * 5 + 1] = b.y1();
            out[i * 5 + 2] = b.x2();
            out[i * 5 + 3] = b.y2();
            out[i * 5 + 4] = b.score();
        }
        return out;
    }

    @Override
    public void close() {
        detectors.values().forEach(PersonDetector::close);
        detectors.clear();
        proposer.close();
    }
}
