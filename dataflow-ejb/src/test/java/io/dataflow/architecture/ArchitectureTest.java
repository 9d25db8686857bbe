package io.dataflow.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The rules that keep the package tree readable (README, "How it works"). Each names what it
 * protects; a violation lists the offending dependencies.
 */
@AnalyzeClasses(packages = "io.dataflow", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {
  private static final String[] STAGES = {
    "io.dataflow.ingest..", "io.dataflow.enrich..", "io.dataflow.sink..", "io.dataflow.demo.."
  };

  /** Connectors carry messages for any stage, so they know none. */
  @ArchTest
  static final ArchRule connectorsNeverImportStages =
      noClasses()
          .that()
          .resideInAPackage("io.dataflow.bus..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(STAGES)
          .because("a connector serves every stage (STYLE.md: connectors never import stages)");

  /** The cores expose their own snapshots; the admin package assembles its DTOs from them. */
  @ArchTest
  static final ArchRule stagesConnectorsAndDeadLettersNeverImportAdmin =
      noClasses()
          .that()
          .resideInAnyPackage(
              "io.dataflow.ingest..",
              "io.dataflow.enrich..",
              "io.dataflow.sink..",
              "io.dataflow.demo..",
              "io.dataflow.bus..",
              "io.dataflow.deadletter..",
              "io.dataflow.pipeline..",
              "io.dataflow.envelope..",
              "io.dataflow.config..")
          .should()
          .dependOnClassesThat()
          .resideInAPackage("io.dataflow.admin..")
          .because("the admin facade reads the pipeline, never the reverse");

  /** Adapters are reached only through their ports: the cores see interfaces. */
  @ArchTest
  static final ArchRule adaptersAreReachedOnlyThroughTheirPorts =
      noClasses()
          .that()
          .resideOutsideOfPackage("..adapter..")
          .and()
          .haveSimpleNameNotEndingWith("Stage")
          .and()
          .haveSimpleNameNotEndingWith("Config")
          .should()
          .dependOnClassesThat()
          .resideInAPackage("..adapter..")
          .because(
              "only a stage's assembly (XStage, XConfig) picks an adapter; the core sees its port");

  /** No two top-level packages depend on each other. */
  @ArchTest
  static final ArchRule noCyclesBetweenPackages =
      slices().matching("io.dataflow.(*)..").should().beFreeOfCycles();
}
