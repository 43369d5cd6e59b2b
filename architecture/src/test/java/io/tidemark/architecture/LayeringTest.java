package io.tidemark.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The layering of the modules, package by package, over the compiled classes of every module (their
 * jars are this module's test class path). Maven already keeps a module from importing what it does
 * not depend on; these rules also hold inside a module and across packages that share one.
 */
class LayeringTest {

    /** The packages of the deployment artifact: what the Lambda jar carries. */
    private static final String[] DEPLOYED = {"io.tidemark.handlers..", "io.tidemark.dynamodb..", "io.tidemark.config..",
            "io.tidemark.aws..", "io.tidemark.archive..", "io.tidemark.metrics.."};

    private static JavaClasses tidemark;

    @BeforeAll
    static void importClasses() {
        tidemark = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("io.tidemark");
    }

    @Test
    void noPackageCycles() {
        slices().matching("io.tidemark.(**)").should().beFreeOfCycles().check(tidemark);
    }

    @Test
    void theEventContractStandsAlone() {
        classes().that().resideInAPackage("io.tidemark.events..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("io.tidemark.events..", "java..", "com.fasterxml.jackson..")
                .check(tidemark);
    }

    @Test
    void theCoreIsPureEventTimeLogic() {
        classes().that().resideInAPackage("io.tidemark.core..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("io.tidemark.core..", "io.tidemark.events..", "java..",
                        "com.fasterxml.jackson..")
                .because("the core knows windows, watermarks and state, and nothing of AWS or of the shell that runs it")
                .check(tidemark);
    }

    @Test
    void theDeploymentArtifactNeverReachesIntoWhatRunsItLocally() {
        noClasses().that().resideInAnyPackage(DEPLOYED)
                .should().dependOnClassesThat().resideInAnyPackage("io.tidemark.local..", "io.tidemark.cli..", "io.tidemark.infra..",
                        "io.tidemark.bench..", "io.tidemark.testkit..")
                .because("the Lambda jar holds the handlers and their adapters; the runner, the CLI and the tools sit above them")
                .check(tidemark);
    }

    @Test
    void theMetricLinesNeedOnlyJacksonsStreamingCore() {
        classes().that().resideInAPackage("io.tidemark.metrics..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("io.tidemark.metrics..", "java..", "com.fasterxml.jackson.core..")
                .because("an EMF line has a fixed shape: a databind mapper would cost every cold start its set-up for nothing")
                .check(tidemark);
    }

    @Test
    void nothingDependsOnTheCommandLine() {
        noClasses().that().resideOutsideOfPackage("io.tidemark.cli..")
                .should().dependOnClassesThat().resideInAPackage("io.tidemark.cli..")
                .check(tidemark);
    }

    @Test
    void shippedCodeNeverDependsOnTheTestKit() {
        noClasses().that().resideInAnyPackage("io.tidemark.core..", "io.tidemark.handlers..", "io.tidemark.dynamodb..",
                        "io.tidemark.config..", "io.tidemark.aws..", "io.tidemark.archive..", "io.tidemark.metrics..", "io.tidemark.local..",
                        "io.tidemark.cli..", "io.tidemark.infra..")
                .should().dependOnClassesThat().resideInAPackage("io.tidemark.testkit..")
                .check(tidemark);
    }
}
