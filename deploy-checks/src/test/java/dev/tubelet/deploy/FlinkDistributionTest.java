package dev.tubelet.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * What docker/Dockerfile reads inside the official Flink image is in Flink's distribution of the
 * pom's flink.version. The image is the binary release unpacked into /opt/flink
 * (apache/flink-docker, 2.2/scala_2.12-java17-ubuntu/Dockerfile), so the paths are the release's.
 */
class FlinkDistributionTest {
    /**
     * The release's layout, as far as a Dockerfile or our docs might read it ({@code ${v}} is the
     * version). Written from:
     *
     * <ul>
     *   <li>bin/, conf/, lib/: apache/flink-docker at "Update Dockerfiles for 2.2.1 release",
     *       2.2/scala_2.12-java17-ubuntu/Dockerfile (runs bin/config-parser-utils.sh on conf/, bin/,
     *       lib/ and edits conf/config.yaml) and docker-entrypoint.sh (bin/jobmanager.sh,
     *       bin/standalone-job.sh, bin/taskmanager.sh, bin/historyserver.sh, opt/ for
     *       ENABLE_BUILT_IN_PLUGINS); apache/flink flink-dist/src/main/assemblies/bin.xml (bin/ is
     *       flink-bin/bin, bin/bash-java-utils.jar, lib/flink-dist-${v}.jar);
     *   <li>plugins/: apache/flink flink-dist/src/main/assemblies/plugins.xml as of 2.x (the metric
     *       reporters, each in plugins/metrics-NAME/, and the GPU resource plugin; since Flink 1.11
     *       reporters are no longer copied from opt/);
     *   <li>opt/: the file systems Flink's docs tell users to enable from opt/
     *       (deployment/filesystems/s3: opt/flink-s3-fs-hadoop-${v}.jar, opt/flink-s3-fs-presto-${v}.jar).
     * </ul>
     */
    static final List<String> LAYOUT = List.of(
            "bin/config-parser-utils.sh",
            "bin/bash-java-utils.jar",
            "bin/config.sh",
            "bin/flink",
            "bin/jobmanager.sh",
            "bin/taskmanager.sh",
            "bin/standalone-job.sh",
            "bin/historyserver.sh",
            "conf/config.yaml",
            "lib/flink-dist-${v}.jar",
            "plugins/metrics-jmx/flink-metrics-jmx-${v}.jar",
            "plugins/metrics-graphite/flink-metrics-graphite-${v}.jar",
            "plugins/metrics-influx/flink-metrics-influxdb-${v}.jar",
            "plugins/metrics-prometheus/flink-metrics-prometheus-${v}.jar",
            "plugins/metrics-statsd/flink-metrics-statsd-${v}.jar",
            "plugins/metrics-datadog/flink-metrics-datadog-${v}.jar",
            "plugins/metrics-slf4j/flink-metrics-slf4j-${v}.jar",
            "plugins/metrics-otel/flink-metrics-otel-${v}.jar",
            "plugins/external-resource-gpu/flink-external-resource-gpu-${v}.jar",
            "plugins/external-resource-gpu/gpu-discovery-common.sh",
            "plugins/external-resource-gpu/nvidia-gpu-discovery.sh",
            "opt/flink-s3-fs-hadoop-${v}.jar",
            "opt/flink-s3-fs-presto-${v}.jar");

    /** $FLINK_HOME/…, "$FLINK_HOME"/…, ${FLINK_HOME}/… and /opt/flink/… in a command. */
    private static final Pattern FLINK_PATH =
            Pattern.compile("(?:\"?\\$\\{?FLINK_HOME}?\"?|/opt/flink)/([^\"'\\s;&|]*)");

    private static List<String> layout() {
        String version = RepositoryFiles.version("flink.version");
        return LAYOUT.stream().map(p -> p.replace("${v}", version)).toList();
    }

    /**
     * @param path a path relative to the Flink home, possibly with {@code *} globs, possibly a directory
     * @return whether the release has it
     */
    static boolean inTheRelease(String path, List<String> layout) {
        String trimmed = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        Pattern glob = Pattern.compile(Pattern.quote(trimmed).replace("*", "\\E[^/]*\\Q"));
        return layout.stream().anyMatch(entry -> {
            if (glob.matcher(entry).matches()) {
                return true;
            }
            // a directory of the release: a prefix of some entry
            for (int slash = entry.indexOf('/'); slash > 0; slash = entry.indexOf('/', slash + 1)) {
                if (glob.matcher(entry.substring(0, slash)).matches()) {
                    return true;
                }
            }
            return false;
        });
    }

    /** @return every path a RUN of a stage built on the Flink image names under the Flink home */
    static List<String> flinkPathsRead(Dockerfile dockerfile) {
        String flinkImage = dockerfile.globalArgs().get("FLINK_IMAGE");
        List<String> paths = new ArrayList<>();
        for (Dockerfile.Stage stage : dockerfile.stages()) {
            if (!dockerfile.baseImage(stage.name()).equals(flinkImage)) {
                continue;
            }
            for (Dockerfile.Instruction run : stage.all("RUN")) {
                Matcher m = FLINK_PATH.matcher(Dockerfile.command(run));
                while (m.find()) {
                    paths.add(m.group(1));
                }
            }
        }
        return paths;
    }

    @Test
    void everyPathTheDockerfileReadsInTheFlinkImageIsInTheRelease() throws Exception {
        Dockerfile dockerfile = Dockerfile.read(RepositoryFiles.file("docker/Dockerfile"));
        List<String> read = flinkPathsRead(dockerfile);
        assertThat(read).as("paths under the Flink home in docker/Dockerfile").isNotEmpty();
        List<String> layout = layout();
        assertThat(read.stream().filter(p -> !inTheRelease(p, layout)).toList())
                .as(
                        "paths docker/Dockerfile reads in %s that Flink %s's release does not have (its layout: %s)",
                        dockerfile.globalArgs().get("FLINK_IMAGE"), RepositoryFiles.version("flink.version"), layout)
                .isEmpty();
    }

    @Test
    void thePrometheusReporterTheImageConfiguresIsTheReleasesPlugin() throws Exception {
        String text = Files.readString(RepositoryFiles.file("docker/Dockerfile"));
        Matcher m = Pattern.compile("metrics\\.reporter\\.prom\\.factory\\.class=([\\w.]+)")
                .matcher(text);
        assertThat(m.find()).as("the Prometheus reporter in docker/Dockerfile").isTrue();
        String factory = m.group(1);
        // flink-metrics-prometheus of flink.version is the jar in plugins/metrics-prometheus/; a plugin's
        // reporter is found through its service file
        assertThat(inTheRelease("plugins/metrics-prometheus/flink-metrics-prometheus-*.jar", layout()))
                .isTrue();
        List<String> services = new ArrayList<>();
        for (URL url : Collections.list(getClass()
                .getClassLoader()
                .getResources("META-INF/services/org.apache.flink.metrics.reporter.MetricReporterFactory"))) {
            if (url.toString().contains("flink-metrics-prometheus-" + RepositoryFiles.version("flink.version"))) {
                try (InputStream in = url.openStream()) {
                    services.addAll(List.of(new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\\s+")));
                }
            }
        }
        assertThat(services)
                .as("reporter factories of flink-metrics-prometheus")
                .contains(factory);
    }

    @Test
    void theBuiltInPluginTheDocsEnableIsInTheRelease() throws Exception {
        String docs = Files.readString(RepositoryFiles.file("docs/operations.md"));
        Matcher m = Pattern.compile("ENABLE_BUILT_IN_PLUGINS=(\\S+?\\.jar)").matcher(docs);
        assertThat(m.find()).isTrue();
        assertThat(layout()).as("opt/ of the release").contains("opt/" + m.group(1));
    }

    @Test
    void theLayoutCheckRefusesWhatTheReleaseDoesNotHave() {
        List<String> layout = layout();
        Dockerfile reporterFromOpt = Dockerfile.parse("""
                ARG FLINK_IMAGE=flink:2.2.1-java17
                FROM ${FLINK_IMAGE} AS base
                RUN mkdir -p "$FLINK_HOME/plugins/metrics-prometheus" \\
                 && cp "$FLINK_HOME"/opt/flink-metrics-prometheus-*.jar "$FLINK_HOME/plugins/metrics-prometheus/"
                FROM base AS derived
                RUN ls ${FLINK_HOME}/lib /opt/flink/conf/config.yaml
                """);
        List<String> read = flinkPathsRead(reporterFromOpt);
        assertThat(read)
                .containsExactly(
                        "plugins/metrics-prometheus",
                        "opt/flink-metrics-prometheus-*.jar",
                        "plugins/metrics-prometheus/",
                        "lib",
                        "conf/config.yaml");
        assertThat(read)
                .filteredOn(p -> !inTheRelease(p, layout))
                .containsExactly("opt/flink-metrics-prometheus-*.jar");
    }
}
