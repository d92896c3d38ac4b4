package dev.tubelet.jobs.pipeline;

import dev.tubelet.operators.inference.AnomalyWindow;
import org.apache.flink.api.java.functions.KeySelector;

/** Scored windows are keyed by camera: each camera's anomaly baseline lives in one subtask. */
final class AnomalyCameraKey implements KeySelector<AnomalyWindow, String> {
    private static final long serialVersionUID = 1L;

    @Override
    public String getKey(AnomalyWindow window) {
        return window.cameraId;
    }
}
