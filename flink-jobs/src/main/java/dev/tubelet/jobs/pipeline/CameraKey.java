package dev.tubelet.jobs.pipeline;

import dev.tubelet.operators.frames.FrameEnvelope;
import org.apache.flink.api.java.functions.KeySelector;

/** Frames are keyed by camera: each camera's window lives in one subtask. */
final class CameraKey implements KeySelector<FrameEnvelope, String> {
    private static final long serialVersionUID = 1L;

    @Override
    public String getKey(FrameEnvelope frame) {
        return frame.cameraId;
    }
}
