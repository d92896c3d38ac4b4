package dev.tubelet.model;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** model-runtime stays usable from a plain Java program: no Flink, no Kafka, no Avro. */
class ModuleBoundaryTest {
    private static final JavaClasses RUNTIME = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.tubelet.model");

    @Test
    void modelRuntimeKnowsNothingOfFlinkOrKafka() {
        noClasses().that().resideInAPackage("dev.tubelet.model..")
                .should().dependOnClassesThat().resideInAnyPackage("org.apache.flink..", "org.apache.kafka..", "org.apache.avro..")
                .check(RUNTIME);
    }

    @Test
    void modelRuntimeDoesNotReachIntoTheJobs() {
        noClasses().that().resideInAPackage("dev.tubelet.model..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.tubelet.jobs..", "dev.tubelet.operators..")
                .check(RUNTIME);
    }
}
