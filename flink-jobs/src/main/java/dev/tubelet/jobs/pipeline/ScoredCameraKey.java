package dev.tubelet.jobs.pipeline;

import dev.tubelet.operators.inference.ScoredWindow;
import org.apache.flink.api.java.functions.KeySelector;

/** Scored windows are keyed by camera: each camera's segments live in one subtask. */
final class ScoredCameraKey implements KeySelector<ScoredWindow, String> {
    private static final long serialVersionUID = 1L;

    @Override
    public String getKey(ScoredWindow window) {
        return window.cameraId;
    }
}
