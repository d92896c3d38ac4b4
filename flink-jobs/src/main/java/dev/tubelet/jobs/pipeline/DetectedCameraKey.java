package dev.tubelet.jobs.pipeline;

import dev.tubelet.operators.inference.DetectedWindow;
import org.apache.flink.api.java.functions.KeySelector;

/** Detected windows are keyed by camera: each camera's tracks live in one subtask. */
final class DetectedCameraKey implements KeySelector<DetectedWindow, String> {
    private static final long serialVersionUID = 1L;

    @Override
    public String getKey(DetectedWindow window) {
        return window.cameraId;
    }
}
