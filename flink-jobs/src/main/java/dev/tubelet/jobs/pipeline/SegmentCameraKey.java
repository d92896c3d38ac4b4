package dev.tubelet.jobs.pipeline;

import dev.tubelet.operators.segments.SegmentUpdate;
import org.apache.flink.api.java.functions.KeySelector;

/** Segment updates are keyed by camera: the rules' cooldowns are per camera. */
final class SegmentCameraKey implements KeySelector<SegmentUpdate, String> {
    private static final long serialVersionUID = 1L;

    @Override
    public String getKey(SegmentUpdate update) {
        return update.cameraId;
    }
}
