package io.dataflow.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Dependent;

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
              "io.dataflow.replay..",
              "io.dataflow.pipeline..",
              "io.dataflow.envelope..",
              "io.dataflow.config..")
          .should()
          .dependOnClassesThat()
          .resideInAPackage("io.dataflow.admin..")
          .because("the admin facade reads the pipeline, never the reverse");

  /**
   * Adapters are reached only through their ports: the container-free cores see interfaces, and
   * only a container bean of the stage (its assembly: the stage bean or the bean that owns a tier
   * or a store) picks an adapter from the settings.
   */
  @ArchTest
  static final ArchRule adaptersAreReachedOnlyThroughTheirPorts =
      noClasses()
          .that()
          .resideOutsideOfPackage("..adapter..")
          .and()
          .areNotAnnotatedWith(ApplicationScoped.class)
          .and()
          .areNotAnnotatedWith(Dependent.class)
          .should()
          .dependOnClassesThat()
          .resideInAPackage("..adapter..")
          .because("a core works against its port; the assembly chooses the adapter");

  /** The adapters exist where the rule above looks for them. */
  @ArchTest
  static final ArchRule everyStoreAndTierAdapterIsInAnAdapterPackage =
      classes()
          .that()
          .haveSimpleNameStartingWith("Gcs")
          .or()
          .haveSimpleNameStartingWith("H2")
          .or()
          .haveSimpleNameStartingWith("Redis")
          .or()
          .haveSimpleNameStartingWith("Firestore")
          .or()
          .haveSimpleNameStartingWith("LocalDirectory")
          .or()
          .haveSimpleName("BigQueryRowWriter")
          .should()
          .resideInAPackage("..adapter..")
          .because("adapters are named after their technology and live in an adapter package");

  /** No two top-level packages depend on each other. */
  @ArchTest
  static final ArchRule noCyclesBetweenPackages =
      slices().matching("io.dataflow.(*)..").should().beFreeOfCycles();
}
