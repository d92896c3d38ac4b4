package dev.tubelet.cli.local;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Comparator;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Where a local job starts from: the latest completed checkpoint in its checkpoint directory
 * ({@code --resume auto}, the default), a given checkpoint or savepoint, or nothing. Flink keeps
 * each run's checkpoints under {@code DIR/<job id>/chk-<n>/}; a checkpoint is complete once its
 * {@code _metadata} is written, so the newest {@code _metadata} across the runs is where the last
 * run stopped, whether it was cancelled, failed or killed.
 *
 * @param path the checkpoint or savepoint to restore, or null for a fresh start
 * @param reason what was chosen and why, one line for the console
 */
public record ResumePoint(String path, String reason) {
    private static final Pattern CHECKPOINT = Pattern.compile("chk-(\\d+)");

    /**
     * @param resume auto, never, or a checkpoint or savepoint path
     * @param checkpointDir the job's --checkpoint-dir (a path or a file: URI), or null
     * @return where to start
     * @throws IllegalArgumentException when a given path has no {@code _metadata} or --resume is auto on a
     *     directory that cannot be read
     */
    public static ResumePoint choose(String resume, String checkpointDir) {
        String mode = resume == null ? "auto" : resume.strip();
        switch (mode.toLowerCase(Locale.ROOT)) {
            case "never":
                return new ResumePoint(null, "fresh start (--resume never)");
            case "auto":
                if (checkpointDir == null) {
                    return new ResumePoint(
                            null, "fresh start (no --checkpoint-dir: give one to resume where a run stopped)");
                }
                Path dir = localPath(checkpointDir);
                return latest(dir)
                        .map(chk -> new ResumePoint(
                                chk.toString(),
                                "resuming from " + chk + " (the latest completed checkpoint in " + dir + ")"))
                        .orElseGet(() -> new ResumePoint(null, "fresh start (no completed checkpoint in " + dir + ")"));
            default:
                if (isRemote(mode)) {
                    return new ResumePoint(mode, "resuming from " + mode + " (as asked)");
                }
                Path given = localPath(mode);
                if (!Files.isRegularFile(given.resolve("_metadata")) && !Files.isRegularFile(given)) {
                    throw new IllegalArgumentException("--resume " + mode
                            + ": expected auto, never, or a checkpoint or savepoint directory with a _metadata file, "
                            + "found none there");
                }
                return new ResumePoint(given.toString(), "resuming from " + given + " (as asked)");
        }
    }

    /** @return the newest completed checkpoint under {@code dir}, if any */
    static Optional<Path> latest(Path dir) {
        if (!Files.isDirectory(dir)) {
            return Optional.empty();
        }
        try (Stream<Path> runs = Files.list(dir)) {
            return runs.filter(Files::isDirectory)
                    .flatMap(ResumePoint::checkpointsOf)
                    .filter(chk -> Files.isRegularFile(chk.resolve("_metadata")))
                    .max(Comparator.comparing((Path chk) -> modified(chk.resolve("_metadata")))
                            .thenComparingLong(ResumePoint::number));
        } catch (IOException e) {
            throw new IllegalArgumentException(
                    "--checkpoint-dir " + dir + ": cannot list it (" + e.getMessage() + ")", e);
        }
    }

    private static Stream<Path> checkpointsOf(Path run) {
        try (Stream<Path> children = Files.list(run)) {
            return children
                    .filter(p -> CHECKPOINT.matcher(p.getFileName().toString()).matches())
                    .toList()
                    .stream();
        } catch (IOException e) {
            return Stream.empty();
        }
    }

    private static long number(Path chk) {
        Matcher m = CHECKPOINT.matcher(chk.getFileName().toString());
        return m.matches() ? Long.parseLong(m.group(1)) : -1;
    }

    private static FileTime modified(Path file) {
        try {
            return Files.getLastModifiedTime(file);
        } catch (IOException e) {
            return FileTime.fromMillis(0);
        }
    }

    /** @return whether it is a URI of another file system than the local one (s3://, hdfs://) */
    private static boolean isRemote(String pathOrUri) {
        return pathOrUri.contains("://") && !pathOrUri.startsWith("file:");
    }

    private static Path localPath(String pathOrUri) {
        if (pathOrUri.startsWith("file:") || pathOrUri.contains("://")) {
            URI uri = URI.create(pathOrUri);
            if (!"file".equals(uri.getScheme())) {
                throw new IllegalArgumentException("--resume auto finds checkpoints on the local file system; "
                        + "expected a path or a file:// URI, found " + pathOrUri + " (give --resume PATH instead)");
            }
            return Path.of(uri);
        }
        return Path.of(pathOrUri).toAbsolutePath().normalize();
    }
}
