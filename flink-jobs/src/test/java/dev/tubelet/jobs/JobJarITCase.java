package dev.tubelet.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Test;

/**
 * The job jar (target/tubelet-job.jar, made at package) holds the job and what a Flink cluster
 * lacks, and nothing of the command line: no broker, no picocli, no model tools, no demo, no
 * Flink, no ONNX Runtime or JavaCPP (those belong in Flink's lib/).
 */
class JobJarITCase {
    private static final Path JAR = Path.of("target/tubelet-job.jar");

    @Test
    void theJobJarCarriesTheJobAndNoneOfItsTools() throws Exception {
        assertThat(JAR).as("built at package").exists();
        List<String> entries;
        Manifest manifest;
        try (JarFile jar = new JarFile(JAR.toFile())) {
            entries = jar.stream().map(e -> e.getName()).toList();
            manifest = jar.getManifest();
        }
        assertThat(manifest.getMainAttributes().getValue("Main-Class")).isEqualTo(ClusterJob.class.getName());
        assertThat(entries)
                .contains(
                        "dev/tubelet/jobs/ClusterJob.class",
                        "dev/tubelet/jobs/pipeline/TubeletJob.class",
                        "dev/tubelet/operators/window/StridedWindowAssembler.class",
                        "dev/tubelet/model/runtime/ClipClassifier.class",
                        // the runtime reads and wraps model files (uint8 prologue) with ONNX's protobuf classes
                        "ai/onnx/proto/OnnxMl.class",
                        "dev/tubelet/schema/ActionEvent.class",
                        "org/apache/flink/connector/kafka/sink/KafkaSink.class",
                        "org/apache/kafka/clients/producer/KafkaProducer.class");
        // the broker (Scala's kafka.*, KRaft's controller, raft, metadata, storage); kafka-clients' own
        // org.apache.kafka.server
        // interfaces (authorizer, policy) and kafka/kafka-version.properties are part of the client
        List<String> forbidden = List.of(
                "kafka/",
                "org/apache/kafka/controller/",
                "org/apache/kafka/raft/",
                "org/apache/kafka/metadata/",
                "org/apache/kafka/storage/",
                "org/apache/kafka/image/",
                "org/apache/kafka/coordinator/",
                "scala/",
                "picocli/",
                "dev/tubelet/model/checkpoint/",
                "dev/tubelet/model/graph/",
                "net/razorvine/",
                "dev/tubelet/cli/",
                "dev/tubelet/ingest/",
                "dev/tubelet/kafka/embedded/",
                "dev/tubelet/commandline/",
                "dev/tubelet/testkit/",
                "org/apache/flink/streaming/api/",
                "org/apache/flink/runtime/",
                "ai/onnxruntime/",
                "org/bytedeco/",
                "org/apache/logging/log4j/",
                "org/slf4j/");
        for (String prefix : forbidden) {
            assertThat(entries)
                    .as("classes under %s", prefix)
                    .noneMatch(e -> e.startsWith(prefix) && e.endsWith(".class"));
        }
        assertThat(Files.size(JAR))
                .as("job jar bytes (39 MB before the job had a module of its own)")
                .isLessThan(39L << 20);
    }
}
