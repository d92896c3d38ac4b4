package dev.tubelet.operators.boxes;

import dev.tubelet.model.runtime.ExecutionOptions;
import java.io.Serializable;
import java.util.Map;

/**
 * Box sources of every camera: one default, overrides per camera, and the settings of the motion
 * proposer and the person detector.
 *
 * @param defaults for cameras without an override
 * @param perCamera overrides by camera id
 * @param motion motion proposer thresholds
 * @param detector person detector settings
 * @param execution providers and threads for the detector
 */
public record BoxSources(
        BoxSourceSpec defaults,
        Map<String, BoxSourceSpec> perCamera,
        MotionProposer.Settings motion,
        DetectorSettings detector,
        ExecutionOptions execution)
        implements Serializable {

    /**
     * @param classId class kept (0 = person in COCO), -1 for all
     * @param scoreThreshold lowest box score
     * @param iouThreshold NMS overlap threshold
     * @param maxBoxes most boxes per keyframe
     */
    public record DetectorSettings(int classId, float scoreThreshold, float iouThreshold, int maxBoxes)
            implements Serializable {
        /** @return person, 0.35, 0.5, 50 */
        public static DetectorSettings defaults() {
            return new DetectorSettings(0, 0.35f, 0.5f, 50);
        }
    }

    public BoxSources {
        perCamera = Map.copyOf(perCamera);
    }

    /** @return the default source and every camera's override */
    public java.util.List<BoxSourceSpec> all() {
        java.util.List<BoxSourceSpec> all = new java.util.ArrayList<>();
        all.add(defaults);
        all.addAll(perCamera.values());
        return all;
    }

    /** @return the source for a camera */
    public BoxSourceSpec forCamera(String cameraId) {
        return perCamera.getOrDefault(cameraId, defaults);
    }
}
