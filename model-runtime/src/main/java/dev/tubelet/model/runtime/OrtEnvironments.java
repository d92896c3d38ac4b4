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

    /**
     * ONNX Runtime 1.29 on Linux crashes the JVM (SIGSEGV, no error report) while creating its
     * environment when the process command line is 4 KB or longer, as it is when a long classpath
     * is passed with {@code -cp} (Flink TaskManagers, IDEs). Refuse with a message instead.
     *
     * @param bytes length of /proc/self/cmdline, or -1 where unknown
     * @throws IllegalStateException when it is at or over the limit
     */
    static void checkCommandLine(long bytes) {
        if (bytes >= 4096) {
            throw new IllegalStateException(
                    "this process's command line is " + bytes + " bytes; ONNX Runtime crashes the JVM "
                            + "when it reaches 4096: pass the classpath in a Java argument file (java @args-file) or the CLASSPATH "
                            + "environment variable instead of -cp");
        }
    }

    private static long commandLineBytes() {
        try {
            return java.nio.file.Files.readAllBytes(java.nio.file.Path.of("/proc/self/cmdline")).length;
        } catch (java.io.IOException | RuntimeException e) {
            return -1; // not Linux: nothing known to check
        }
    }

    /** @return the shared environment; callers must not close it */
    public static OrtEnvironment shared() {
        OrtEnvironment env = shared;
        if (env == null) {
            synchronized (OrtEnvironments.class) {
                env = shared;
                if (env == null) {
                    checkCommandLine(commandLineBytes());
                    // Native warnings (e.g. nodes kept on CPU) go to stderr; only errors are worth it there.
                    env = OrtEnvironment.getEnvironment(OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR, "tubelet");
                    shared = env;
                }
            }
        }
        return env;
    }
}
