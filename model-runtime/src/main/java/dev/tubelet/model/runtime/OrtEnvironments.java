package dev.tubelet.model.runtime;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtLoggingLevel;

/**
 * The process-wide ONNX Runtime environment.
 *
 * <p>ONNX Runtime allows one environment per process and closing it breaks every other user in
 * the JVM (other operators in a Flink TaskManager, say). It is created on first use and never
 * closed by Tubelet; the JVM's exit releases it.
 */
public final class OrtEnvironments {
    private static volatile OrtEnvironment shared;

    private OrtEnvironments() {}

    /** @return the shared environment; callers must not close it */
    public static OrtEnvironment shared() {
        OrtEnvironment env = shared;
        if (env == null) {
            synchronized (OrtEnvironments.class) {
                env = shared;
                if (env == null) {
                    // Native warnings (e.g. nodes kept on CPU) go to stderr; only errors are worth it there.
                    env = OrtEnvironment.getEnvironment(OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR, "tubelet");
                    shared = env;
                }
            }
        }
        return env;
    }
}
