package io.dataflow.web.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The console reads the pipeline only through the admin facade and its DTOs. */
@AnalyzeClasses(packages = "io.dataflow.web", importOptions = ImportOption.DoNotIncludeTests.class)
class WebArchitectureTest {
  @ArchTest
  static final ArchRule theWebModuleUsesOnlyTheAdminFacadeAndItsDtos =
      noClasses()
          .that()
          .resideInAPackage("io.dataflow.web..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              "io.dataflow.ingest..",
              "io.dataflow.enrich..",
              "io.dataflow.sink..",
              "io.dataflow.bus..",
              "io.dataflow.deadletter..",
              "io.dataflow.replay..",
              "io.dataflow.pipeline..",
              "io.dataflow.demo..",
              "io.dataflow.envelope..",
              "io.dataflow.metrics..",
              "io.dataflow.lifecycle..",
              "io.dataflow.gcp..",
              "io.dataflow.concurrent..")
          .because(
              "the console reaches the pipeline only through io.dataflow.admin (its settings"
                  + " and the data directory come from io.dataflow.config)");
}
