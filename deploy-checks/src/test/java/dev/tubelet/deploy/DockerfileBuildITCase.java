package dev.tubelet.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The images' Maven build as docker/Dockerfile runs it, without Docker: exactly what the
 * {@code sources} stage's COPY lines copy (after .dockerignore) is staged into an empty directory,
 * and the {@code build-cpu} stage's own command, read from the Dockerfile, runs there. Then every
 * file a later stage copies out of {@code build-cpu} must exist.
 *
 * <p>Maven runs with this machine's Maven and JDK and with the local repository of this build for
 * third-party artifacts, but never Tubelet's own installed artifacts: in the image the cache mount
 * starts empty, so a module must come from the build itself. The {@code build-gpu} stage is not
 * run (ONNX Runtime's CUDA build is a download of several hundred MB): its command must be
 * build-cpu's with the {@code gpu} profile, and what is copied out of it is what build-cpu makes.
 */
class DockerfileBuildITCase {
    private static final String OWN_GROUP = "dev/tubelet";

    @Test
    @Timeout(value = 20, unit = TimeUnit.MINUTES)
    void theCpuBuildStageBuildsFromExactlyWhatTheSourcesStageCopies(@TempDir Path tmp) throws Exception {
        Dockerfile dockerfile = Dockerfile.read(RepositoryFiles.file("docker/Dockerfile"));
        Dockerfile.Stage sources = dockerfile.stage("sources");
        Path workdir = stagedWorkdir(tmp, sources);
        BuildContext context = BuildContext.of(RepositoryFiles.root());
        for (Dockerfile.Instruction i : sources.all("COPY")) {
            Dockerfile.Copy copy = Dockerfile.copy(i);
            assertThat(copy.from())
                    .as("line %d: sources copies from the build context", i.line())
                    .isNull();
            boolean intoDirectory = copy.sources().size() > 1
                    || copy.destination().endsWith("/")
                    || copy.destination().equals(".");
            for (String source : copy.sources()) {
                context.copy(source, workdir.resolve(copy.destination()).normalize(), intoDirectory);
            }
        }

        Dockerfile.Stage cpu = dockerfile.stage("build-cpu");
        assertThat(cpu.from()).isEqualTo("sources");
        assertThat(cpu.all("RUN")).as("RUN lines of build-cpu").hasSize(1);
        String command = Dockerfile.command(cpu.all("RUN").get(0));
        Path log = tmp.resolve("build.log");
        ProcessBuilder build = new ProcessBuilder("bash", "-c", command)
                .directory(workdir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        build.environment().put("JAVA_HOME", System.getProperty("java.home"));
        build.environment().put("MAVEN_OPTS", "-Xmx1g -Dmaven.repo.local=" + repositoryWithoutOwnArtifacts(tmp));
        int exit;
        try {
            exit = build.start().waitFor();
        } finally {
            unlink(tmp.resolve("m2"));
        }
        assertThat(exit)
                .as("`%s` in the staged sources exited with %d:%n%s", command, exit, tail(log, 60))
                .isZero();

        // every COPY --from=build-cpu finds what it copies
        Set<String> copiedOut = new LinkedHashSet<>();
        for (Dockerfile.Stage stage : dockerfile.stages()) {
            for (Dockerfile.Instruction i : stage.all("COPY")) {
                Dockerfile.Copy copy = Dockerfile.copy(i);
                if ("build-cpu".equals(copy.from())) {
                    for (String source : copy.sources()) {
                        assertThat(matches(tmp, source))
                                .as("stage %s, line %d: COPY --from=build-cpu %s", stage.name(), i.line(), source)
                                .isNotEmpty();
                        copiedOut.add(source);
                    }
                }
            }
        }
        assertThat(copiedOut).isNotEmpty();
        // the jars Flink loads parent-first (classloader.parent-first-patterns) are in the lib/ copy
        List<String> flinkLib = matches(tmp, "/src/flink-jobs/target/flink-lib/*.jar").stream()
                .map(p -> p.getFileName().toString())
                .toList();
        assertThat(flinkLib).anyMatch(n -> n.startsWith("onnxruntime")).anyMatch(n -> n.startsWith("javacpp"));

        // build-gpu: build-cpu's command with the gpu profile, and the same files copied out of it
        Dockerfile.Stage gpu = dockerfile.stage("build-gpu");
        assertThat(gpu.from()).isEqualTo("sources");
        String gpuCommand = Dockerfile.command(gpu.all("RUN").get(0));
        assertThat(gpuCommand).contains(",gpu ").contains("-pl flink-jobs -am package");
        for (Dockerfile.Stage stage : dockerfile.stages()) {
            for (Dockerfile.Instruction i : stage.all("COPY")) {
                Dockerfile.Copy copy = Dockerfile.copy(i);
                if ("build-gpu".equals(copy.from())) {
                    // ONNX Runtime's natives, unpacked by build-gpu's own second step (GpuImageTest)
                    List<String> made = copy.sources().stream()
                            .filter(source -> !source.equals("/src/ort-native/"))
                            .toList();
                    assertThat(copiedOut)
                            .as("line %d: what build-cpu makes too", i.line())
                            .containsAll(made);
                }
            }
        }
    }

    /** @return the stage's WORKDIR under tmp (the sources stage builds in /src) */
    private static Path stagedWorkdir(Path tmp, Dockerfile.Stage stage) throws IOException {
        List<Dockerfile.Instruction> workdirs = stage.all("WORKDIR");
        assertThat(workdirs).as("WORKDIR of stage %s", stage.name()).hasSize(1);
        String dir = workdirs.get(0).arguments();
        assertThat(dir).startsWith("/");
        return Files.createDirectories(tmp.resolve(dir.substring(1)));
    }

    /**
     * A view of this build's local Maven repository with every entry but Tubelet's own group,
     * linked: third-party artifacts need no download, our modules must come from the build.
     */
    private static Path repositoryWithoutOwnArtifacts(Path tmp) throws IOException {
        Path real = Path.of(System.getProperty(
                "tubelet.maven.localRepository", System.getProperty("user.home") + "/.m2/repository"));
        Path view = Files.createDirectories(tmp.resolve("m2"));
        link(real, view, OWN_GROUP);
        return view;
    }

    /** Links every entry of {@code real} into {@code view}, descending only along {@code excluded}. */
    private static void link(Path real, Path view, String excluded) throws IOException {
        String[] first = excluded.split("/", 2);
        if (!Files.isDirectory(real)) {
            return;
        }
        try (Stream<Path> entries = Files.list(real)) {
            for (Path entry : (Iterable<Path>) entries::iterator) {
                String name = entry.getFileName().toString();
                if (!name.equals(first[0])) {
                    Files.createSymbolicLink(view.resolve(name), entry);
                } else if (first.length > 1) {
                    link(entry, Files.createDirectories(view.resolve(name)), first[1]);
                }
            }
        }
    }

    /** Removes the links of the repository view (never what they point to). */
    private static void unlink(Path view) throws IOException {
        if (!Files.isDirectory(view, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> entries = Files.list(view)) {
            for (Path entry : (Iterable<Path>) entries::iterator) {
                if (Files.isSymbolicLink(entry)) {
                    Files.delete(entry);
                } else {
                    unlink(entry);
                }
            }
        }
    }

    /** @return the files a COPY source (an absolute path in the stage, maybe a glob) names, under tmp */
    private static List<Path> matches(Path tmp, String source) throws IOException {
        String relative = source.substring(1).replaceFirst("/+$", "");
        if (!relative.contains("*")) {
            Path p = tmp.resolve(relative);
            if (Files.isDirectory(p)) {
                try (Stream<Path> files = Files.list(p)) {
                    return files.toList();
                }
            }
            return Files.exists(p) ? List.of(p) : List.of();
        }
        Path dir = tmp.resolve(relative.substring(0, relative.lastIndexOf('/')));
        PathMatcher glob =
                FileSystems.getDefault().getPathMatcher("glob:" + relative.substring(relative.lastIndexOf('/') + 1));
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> glob.matches(p.getFileName())).toList();
        }
    }

    private static String tail(Path log, int lines) throws IOException {
        List<String> all = Files.exists(log) ? Files.readAllLines(log) : new ArrayList<>();
        return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    }
}
