package io.dataflow.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataflow.deploy.Manifests.Document;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The security rules every dataflow workload in deploy/kubernetes/ follows (docs/kubernetes.md).
 */
class KubernetesManifestsHardeningTest {
  /** Where Liberty and the JVM write under a read-only root filesystem, and the data directory. */
  private static final Set<String> WRITABLE_PATHS = Set.of("/data", "/opt/ol/wlp/output", "/tmp");

  record Workload(String name, PodTemplateSpec template, List<String> claimTemplates) {}

  static List<Workload> workloads() {
    List<Document> docs = Manifests.applied();
    List<Workload> all = new ArrayList<>();
    for (Deployment d : Manifests.ofType(docs, Deployment.class)) {
      all.add(new Workload(d.getMetadata().getName(), d.getSpec().getTemplate(), List.of()));
    }
    for (StatefulSet s : Manifests.ofType(docs, StatefulSet.class)) {
      List<String> claims =
          s.getSpec().getVolumeClaimTemplates().stream()
              .map(HasMetadata::getMetadata)
              .map(m -> m.getName())
              .toList();
      all.add(new Workload(s.getMetadata().getName(), s.getSpec().getTemplate(), claims));
    }
    return all;
  }

  @Test
  void thereIsAWorkloadPerStage() {
    assertThat(workloads())
        .extracting(Workload::name)
        .containsExactlyInAnyOrder(
            "dataflow-ingestion", "dataflow-enrich", "dataflow-bigquery", "dataflow-archive");
  }

  @Test
  void everyPodRunsAsNonRootWithSeccompRuntimeDefaultAndNoServiceAccountToken() {
    for (Workload w : workloads()) {
      PodSpec pod = w.template().getSpec();
      assertThat(pod.getAutomountServiceAccountToken()).as(w.name() + " token").isFalse();
      assertThat(pod.getSecurityContext().getRunAsNonRoot()).as(w.name()).isTrue();
      assertThat(pod.getSecurityContext().getRunAsUser()).as(w.name()).isNotNull().isNotZero();
      assertThat(pod.getSecurityContext().getSeccompProfile().getType())
          .as(w.name())
          .isEqualTo("RuntimeDefault");
    }
  }

  @Test
  void everyContainerDropsAllCapabilitiesCannotEscalateAndHasAReadOnlyRoot() {
    for (Workload w : workloads()) {
      List<Container> containers = new ArrayList<>(w.template().getSpec().getContainers());
      containers.addAll(w.template().getSpec().getInitContainers());
      for (Container c : containers) {
        String who = w.name() + "/" + c.getName();
        SecurityContext sc = c.getSecurityContext();
        assertThat(sc).as(who).isNotNull();
        assertThat(sc.getAllowPrivilegeEscalation()).as(who).isFalse();
        assertThat(sc.getReadOnlyRootFilesystem()).as(who).isTrue();
        assertThat(sc.getRunAsNonRoot()).as(who).isTrue();
        assertThat(sc.getPrivileged()).as(who).isNotEqualTo(Boolean.TRUE);
        assertThat(sc.getCapabilities().getDrop()).as(who).containsExactly("ALL");
        assertThat(sc.getCapabilities().getAdd()).as(who).isNullOrEmpty();
        assertThat(c.getResources().getRequests()).as(who).containsKeys("cpu", "memory");
        assertThat(c.getResources().getLimits()).as(who).containsKey("memory");
      }
    }
  }

  @Test
  void writableMountsAreOnlyLibertysDataAndTempDirectoriesAndEveryEmptyDirHasASizeLimit() {
    for (Workload w : workloads()) {
      Map<String, Volume> volumes =
          w.template().getSpec().getVolumes().stream()
              .collect(Collectors.toMap(Volume::getName, v -> v));
      for (Volume v : volumes.values()) {
        if (v.getEmptyDir() != null) {
          assertThat(v.getEmptyDir().getSizeLimit())
              .as(w.name() + " emptyDir " + v.getName() + " sizeLimit")
              .isNotNull();
          assertThat(v.getEmptyDir().getSizeLimit().getNumericalAmount()).isPositive();
        }
      }
      for (Container c : w.template().getSpec().getContainers()) {
        for (VolumeMount m : c.getVolumeMounts()) {
          String who = w.name() + "/" + c.getName() + " " + m.getMountPath();
          Volume v = volumes.get(m.getName());
          boolean claim = w.claimTemplates().contains(m.getName());
          assertThat(v != null || claim).as(who + ": volume exists").isTrue();
          boolean writable = !Boolean.TRUE.equals(m.getReadOnly());
          if (claim || (v != null && v.getEmptyDir() != null)) {
            assertThat(WRITABLE_PATHS).as(who + ": a writable path").contains(m.getMountPath());
          } else {
            assertThat(writable).as(who + ": secrets and config are mounted read-only").isFalse();
          }
        }
        Set<String> mounted =
            c.getVolumeMounts().stream().map(VolumeMount::getMountPath).collect(Collectors.toSet());
        assertThat(mounted)
            .as(w.name() + ": every writable path mounted")
            .containsAll(WRITABLE_PATHS);
      }
    }
  }
}
