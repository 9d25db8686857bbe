package io.dataflow.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataflow.deploy.Manifests.Document;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Every document under deploy/kubernetes/ against fabric8's typed Kubernetes model (the API's own
 * types, generated from its OpenAPI schema): a known kind of its apiVersion, and no field that the
 * model cannot place (unknown, misspelt, wrongly nested or of the wrong type). Prints what it
 * validated.
 */
class KubernetesManifestsSchemaTest {
  /** Custom resources whose definitions the model does not have: checked by apiVersion only. */
  private static final Set<String> UNTYPED_CUSTOM_RESOURCES = Set.of("cert-manager.io/v1");

  @Test
  void everyDocumentIsATypedKindOfItsApiVersionWithNoFieldTheModelCannotPlace() {
    List<Document> documents = Manifests.all();
    List<String> problems = new ArrayList<>();
    Map<String, Integer> kinds = new TreeMap<>();
    for (Document d : documents) {
      String apiVersion = d.resource().getApiVersion();
      kinds.merge(apiVersion + " " + d.resource().getKind(), 1, Integer::sum);
      if (d.resource() instanceof GenericKubernetesResource) {
        if (!UNTYPED_CUSTOM_RESOURCES.contains(apiVersion)) {
          problems.add(
              d.where() + ": no typed model for " + apiVersion + " " + d.resource().getKind());
        }
        continue;
      }
      if (d.name() == null || d.name().isBlank()) {
        problems.add(d.where() + ": metadata.name missing");
      }
      StrictModel.problems(d.resource()).forEach(p -> problems.add(d.where() + ": " + p));
    }
    System.out.printf(
        "Kubernetes manifests: %d documents in %d files under %s validated against the fabric8"
            + " kubernetes-model%n",
        documents.size(), Manifests.files().size(), Manifests.DIRECTORY);
    kinds.forEach((kind, n) -> System.out.printf("  %3d %s%n", n, kind));
    problems.forEach(p -> System.out.println("  PROBLEM " + p));
    assertThat(problems).isEmpty();
  }

  @Test
  void theStrictCheckFindsAMisspeltFieldAnUnknownNestingAndABadQuantity() throws Exception {
    java.nio.file.Path file = java.nio.file.Files.createTempFile("bad-manifest", ".yaml");
    try {
      java.nio.file.Files.writeString(
          file,
          """
          apiVersion: apps/v1
          kind: Deployment
          metadata:
            name: bad
          spec:
            replicas: 1
            selector:
              matchLabels: {app: bad}
            template:
              metadata:
                labels: {app: bad}
              spec:
                containers:
                  - name: c
                    image: i
                    securityContext:
                      readOnlyRootFileSystem: true
                    ports:
                      - containerPort: 9080
                        port:
                          number: 9080
                    resources:
                      requests:
                        memory: lots
          """);
      Document d = Manifests.read(file).get(0);
      List<String> problems = StrictModel.problems(d.resource());

      assertThat(problems)
          .anyMatch(p -> p.contains("securityContext.readOnlyRootFileSystem: not a field"))
          .anyMatch(p -> p.contains("ports[0].port: not a field"))
          .anyMatch(p -> p.contains("resources.requests[memory]: not a quantity"));
    } finally {
      java.nio.file.Files.delete(file);
    }
  }

  @Test
  void aValueOfTheWrongTypeFailsTheRead() throws Exception {
    java.nio.file.Path file = java.nio.file.Files.createTempFile("bad-type", ".yaml");
    try {
      java.nio.file.Files.writeString(
          file,
          """
          apiVersion: v1
          kind: Service
          metadata:
            name: bad
          spec:
            ports:
              - port: [9080]
          """);
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> Manifests.read(file))
          .isInstanceOf(AssertionError.class)
          .hasMessageContaining("Integer");
    } finally {
      java.nio.file.Files.delete(file);
    }
  }
}
