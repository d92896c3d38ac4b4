package dev.tubelet.deploy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A command-line tool the checks run when it is there (docker-compose, kubectl); without it the
 * test is skipped, unless {@code TUBELET_REQUIRE_TOOLS} names it (.ci/run installs docker-compose and
 * requires it), when it fails.
 */
record ExternalTool(List<String> command) {

    record Result(int exit, String out, String err) {}

    /** @return the first of the candidate commands that answers {@code versionArgs}, or a skip (a failure under CI) */
    static ExternalTool require(String what, List<List<String>> candidates, List<String> versionArgs) {
        for (List<String> candidate : candidates) {
            List<String> probe = new ArrayList<>(candidate);
            probe.addAll(versionArgs);
            try {
                if (run(probe, Path.of(".")).exit() == 0) {
                    return new ExternalTool(candidate);
                }
            } catch (IOException e) {
                // not installed: try the next one
            }
        }
        String message = what + " is not installed (tried " + candidates + ")";
        String required = System.getenv().getOrDefault("TUBELET_REQUIRE_TOOLS", "");
        if (java.util.Arrays.asList(required.split(",")).contains(what)) {
            throw new AssertionError(message + ", and TUBELET_REQUIRE_TOOLS=" + required + " requires it");
        }
        Assumptions.abort(message + "; .ci/run installs it");
        return null;
    }

    Result run(Path dir, String... args) throws IOException {
        return run(dir, java.util.Map.of(), args);
    }

    Result run(Path dir, java.util.Map<String, String> env, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(command);
        cmd.addAll(List.of(args));
        return run(cmd, dir, env);
    }

    private static Result run(List<String> cmd, Path dir) throws IOException {
        return run(cmd, dir, java.util.Map.of());
    }

    private static Result run(List<String> cmd, Path dir, java.util.Map<String, String> env) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile());
        pb.environment().putAll(env);
        Path out = java.nio.file.Files.createTempFile("tool", ".out");
        Path err = java.nio.file.Files.createTempFile("tool", ".err");
        pb.redirectOutput(out.toFile()).redirectError(err.toFile());
        Process p = pb.start();
        try {
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException(cmd + " did not finish within 120 s");
            }
            return new Result(
                    p.exitValue(),
                    java.nio.file.Files.readString(out, StandardCharsets.UTF_8),
                    java.nio.file.Files.readString(err, StandardCharsets.UTF_8));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        } finally {
            java.nio.file.Files.deleteIfExists(out);
            java.nio.file.Files.deleteIfExists(err);
        }
    }
}
