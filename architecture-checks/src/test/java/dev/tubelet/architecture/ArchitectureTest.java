package dev.tubelet.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.GeneralCodingRules.NO_CLASSES_SHOULD_ACCESS_STANDARD_STREAMS;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The module picture, kept by rules (README, "Layout"):
 *
 * <pre>{@code
 * cli ──► flink-jobs ──► operators ──► model-runtime ──► model-contract
 *  │                        └──► schemas                    ▲
 *  ├──► model-tools ─────────────────────────────────────────┘
 *  ├──► ingest ──► commandline, schemas, model-contract
 *  ├──► clips ──► ingest (FFmpeg's log), commandline, schemas
 *  └──► embedded-kafka, commandline          testkit: tests only
 * flink-jobs, commandline ──► kafka-config (Kafka client settings; Kafka's client alone)
 * }</pre>
 *
 * <p>Each module's classes live under its own package root, so a rule about packages is a rule
 * about modules.
 */
class ArchitectureTest {
    private static final String CONTRACT = "dev.tubelet.model";
    private static final String[] MODEL_RUNTIME = {
        "dev.tubelet.model.preprocess..",
        "dev.tubelet.model.postprocess..",
        "dev.tubelet.model.detect..",
        "dev.tubelet.model.runtime.."
    };
    private static final String[] MODEL_TOOLS = {"dev.tubelet.model.graph..", "dev.tubelet.model.checkpoint.."};
    private static final String[] TOOLS_OF_THE_COMMAND_LINE = {
        "dev.tubelet.cli..",
        "dev.tubelet.ingest..",
        "dev.tubelet.clips..",
        "dev.tubelet.kafka.embedded..",
        "dev.tubelet.commandline..",
        "dev.tubelet.testkit..",
        "dev.tubelet.model.graph..",
        "dev.tubelet.model.checkpoint..",
        "picocli..",
        "kafka..",
        "org.apache.kafka.server..",
        "org.apache.kafka.controller..",
        "org.bytedeco.javacv.."
    };
    private static final String[] FLINK_KAFKA_AVRO = {"org.apache.flink..", "org.apache.kafka..", "org.apache.avro.."};

    private static JavaClasses main;
    private static JavaClasses tests;

    @BeforeAll
    static void importClasses() throws IOException {
        main = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.tubelet");
        tests = new ClassFileImporter().importPaths(testClassDirectories());
    }

    /** Every module's compiled tests; the reactor builds them before this module. */
    private static List<Path> testClassDirectories() throws IOException {
        Path root = Path.of("..").toAbsolutePath().normalize();
        try (Stream<Path> modules = Files.list(root)) {
            List<Path> dirs = modules.map(m -> m.resolve("target/test-classes"))
                    .filter(Files::isDirectory)
                    .filter(d -> !d.startsWith(Path.of("").toAbsolutePath()))
                    .toList();
            assertThat(dirs)
                    .as("compiled tests of the modules under %s (run mvn verify from the root)", root)
                    .hasSizeGreaterThanOrEqualTo(8);
            return dirs;
        }
    }

    @Test
    void noPackageDependsOnItselfThroughOthers() {
        slices().matching("dev.tubelet.(**)").should().beFreeOfCycles().check(main);
    }

    @Test
    void theModelContractStandsAlone() {
        noClasses()
                .that()
                .resideInAnyPackage(CONTRACT, CONTRACT + ".config..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(concat(MODEL_RUNTIME, MODEL_TOOLS, new String[] {
                    "ai.onnxruntime..", "dev.tubelet.operators..", "dev.tubelet.jobs..", "dev.tubelet.schema.."
                }))
                .check(main);
    }

    @Test
    void theModelRuntimeKnowsNothingOfFlinkKafkaOrTheTools() {
        noClasses()
                .that()
                .resideInAnyPackage(MODEL_RUNTIME)
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(concat(FLINK_KAFKA_AVRO, MODEL_TOOLS, new String[] {
                    "dev.tubelet.operators..", "dev.tubelet.jobs..", "dev.tubelet.schema.."
                }))
                .check(main);
    }

    @Test
    void theModelToolsWriteModelsWithoutRunningThem() {
        noClasses()
                .that()
                .resideInAnyPackage(MODEL_TOOLS)
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(concat(FLINK_KAFKA_AVRO, MODEL_RUNTIME))
                .orShould()
                .dependOnClassesThat()
                .resideInAPackage("ai.onnxruntime")
                .check(main);
    }

    @Test
    void operatorsAreBuildingBlocksOfNoParticularJob() {
        noClasses()
                .that()
                .resideInAPackage("dev.tubelet.operators..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(concat(TOOLS_OF_THE_COMMAND_LINE, new String[] {"dev.tubelet.jobs.."}))
                .check(main);
    }

    @Test
    void theJobDependsOnNoCommandLineDemoBenchOrBroker() {
        noClasses()
                .that()
                .resideInAPackage("dev.tubelet.jobs..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(TOOLS_OF_THE_COMMAND_LINE)
                .check(main);
    }

    @Test
    void ingestNeedsNoFlinkAndNoModelButItsContract() {
        noClasses()
                .that()
                .resideInAPackage("dev.tubelet.ingest..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "org.apache.flink..",
                        "dev.tubelet.jobs..",
                        "dev.tubelet.operators..",
                        "dev.tubelet.model.preprocess..",
                        "dev.tubelet.model.postprocess..",
                        "dev.tubelet.model.detect..",
                        "dev.tubelet.model.runtime..",
                        "dev.tubelet.model.graph..",
                        "dev.tubelet.model.checkpoint..",
                        "dev.tubelet.cli..",
                        "dev.tubelet.clips..",
                        "dev.tubelet.kafka.embedded..")
                .check(main);
    }

    @Test
    void clipsNeedNoFlinkAndNoModel() {
        noClasses()
                .that()
                .resideInAPackage("dev.tubelet.clips..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "org.apache.flink..",
                        "dev.tubelet.jobs..",
                        "dev.tubelet.operators..",
                        "dev.tubelet.model..",
                        "dev.tubelet.cli..",
                        "dev.tubelet.kafka.embedded..",
                        "ai.onnxruntime..")
                .check(main);
    }

    @Test
    void sharedCommandLineSupportAndTheBrokerDependOnNoOtherModule() {
        noClasses()
                .that()
                .resideInAnyPackage("dev.tubelet.commandline..", "dev.tubelet.kafka.embedded..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "dev.tubelet.cli..",
                        "dev.tubelet.jobs..",
                        "dev.tubelet.operators..",
                        "dev.tubelet.model..",
                        "dev.tubelet.ingest..",
                        "dev.tubelet.clips..",
                        "dev.tubelet.testkit..",
                        "org.apache.flink..")
                .check(main);
    }

    @Test
    void kafkaClientSettingsNeedOnlyKafkasClient() {
        noClasses()
                .that()
                .resideInAPackage("dev.tubelet.kafka.config..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "dev.tubelet.cli..",
                        "dev.tubelet.jobs..",
                        "dev.tubelet.operators..",
                        "dev.tubelet.model..",
                        "dev.tubelet.ingest..",
                        "dev.tubelet.clips..",
                        "dev.tubelet.commandline..",
                        "dev.tubelet.kafka.embedded..",
                        "dev.tubelet.testkit..",
                        "org.apache.flink..",
                        "kafka..",
                        "org.apache.kafka.server..")
                .check(main);
    }

    @Test
    void noProductCodeUsesTheTestKit() {
        noClasses()
                .that()
                .resideOutsideOfPackage("dev.tubelet.testkit..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("dev.tubelet.testkit..", "org.junit..", "org.apache.flink.test..")
                .check(main);
    }

    @Test
    void mainCodeWritesToNoStandardStream() {
        // commands print through picocli's writers (tests capture them), the rest logs
        NO_CLASSES_SHOULD_ACCESS_STANDARD_STREAMS.check(main);
    }

    @Test
    void testsWriteToNoStandardStream() {
        // what a test wants to say goes to its logger: the test reports stay readable
        NO_CLASSES_SHOULD_ACCESS_STANDARD_STREAMS.check(tests);
    }

    private static String[] concat(String[]... parts) {
        return Stream.of(parts).flatMap(Stream::of).toArray(String[]::new);
    }
}
