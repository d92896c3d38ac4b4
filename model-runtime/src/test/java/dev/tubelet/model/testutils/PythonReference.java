package dev.tubelet.model.testutils;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Runs the Python reference scripts in src/test/python with Debian's python3 (PyTorch, PIL, numpy,
 * onnx from Debian's packages; .ci/run installs them). Locally, without them, the reference tests
 * are skipped; with {@code TUBELET_REQUIRE_REFERENCE=true} (as in CI) they fail instead.
 */
public final class PythonReference {
    private static final String PYTHON = "/usr/bin/python3";

    private PythonReference() {}

    /** Skips (or, where required, fails) the calling test when the Python side is missing. */
    public static void assumeAvailable() throws Exception {
        boolean available = Files.isExecutable(Path.of(PYTHON))
                && run(List.of(PYTHON, "-c", "import torch, torchvision, PIL, numpy, onnx"), Path.of("."), 120).exitCode
                        == 0;
        if (!available) {
            if ("true".equalsIgnoreCase(System.getenv("TUBELET_REQUIRE_REFERENCE"))) {
                fail(
                        "python3 with torch, torchvision, PIL, numpy and onnx is required (TUBELET_REQUIRE_REFERENCE=true); "
                                + "apt-get install python3-torch python3-torchvision python3-pil python3-numpy python3-onnx");
            }
            Assumptions.abort("python3 with torch, torchvision, PIL, numpy and onnx is not installed");
        }
    }

    /**
     * @param script file name in src/test/python
     * @param args its arguments
     * @param timeoutSeconds how long it may take
     */
    public static void runScript(String script, List<String> args, long timeoutSeconds) throws Exception {
        // from model-runtime itself, or from a sibling module's tests
        Path dir = Path.of("src/test/python").toAbsolutePath();
        if (!Files.isRegularFile(dir.resolve(script))) {
            dir = Path.of("../model-runtime/src/test/python").toAbsolutePath().normalize();
        }
        List<String> command =
                new ArrayList<>(List.of(PYTHON, dir.resolve(script).toString()));
        command.addAll(args);
        Result result = run(command, dir, timeoutSeconds);
        if (result.exitCode != 0) {
            fail(script + " failed with exit code " + result.exitCode + ":\n" + result.output);
        }
    }

    private record Result(int exitCode, String output) {}

    private static Result run(List<String> command, Path dir, long timeoutSeconds)
            throws IOException, InterruptedException {
        Path log = Files.createTempFile("python", ".log");
        try {
            ProcessBuilder pb = new ProcessBuilder(command)
                    .directory(dir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            pb.environment().put("OMP_NUM_THREADS", "1");
            Process process = pb.start();
            if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return new Result(-1, "timed out after " + timeoutSeconds + " s\n" + Files.readString(log));
            }
            return new Result(process.exitValue(), Files.readString(log));
        } finally {
            Files.deleteIfExists(log);
        }
    }
}
