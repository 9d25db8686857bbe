package io.dataflow.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataflow.deploy.KubernetesManifestsHardeningTest.Workload;
import io.dataflow.deploy.Manifests.Document;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.autoscaling.v2.MetricSpec;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * What connects the documents: each stage's Service, PodDisruptionBudget and autoscaler select its
 * pods, ports are named as the containers name them, ingestion is a StatefulSet with one MQTT
 * client id per pod on a shared subscription, and the NetworkPolicy and the ServiceMonitor cover
 * every stage.
 */
class KubernetesManifestsWiringTest {
  private final List<Document> applied = Manifests.applied();
  private final List<Document> all = Manifests.all();
  private final List<Workload> workloads = KubernetesManifestsHardeningTest.workloads();

  private static boolean selects(LabelSelector selector, Map<String, String> labels) {
    return selector.getMatchExpressions().isEmpty()
        && labels.entrySet().containsAll(selector.getMatchLabels().entrySet());
  }

  private static Set<String> containerPortNames(Workload w) {
    return w.template().getSpec().getContainers().stream()
        .flatMap(c -> c.getPorts().stream())
        .map(ContainerPort::getName)
        .collect(Collectors.toSet());
  }

  @Test
  void everyStageHasAServiceOnItsNamedPorts() {
    for (Workload w : workloads) {
      Service s = Manifests.named(applied, Service.class, w.name()).orElseThrow();
      Map<String, String> podLabels = w.template().getMetadata().getLabels();
      assertThat(podLabels.entrySet())
          .as(w.name())
          .containsAll(s.getSpec().getSelector().entrySet());
      assertThat(s.getSpec().getPorts())
          .extracting(p -> p.getTargetPort().getStrVal())
          .as(w.name())
          .containsExactlyInAnyOrder("http", "https")
          .allMatch(containerPortNames(w)::contains);
      assertThat(s.getMetadata().getLabels())
          .containsEntry("app.kubernetes.io/part-of", "dataflow");
    }
  }

  @Test
  void everyStageHasAPodDisruptionBudgetThatLetsANodeDrain() {
    for (Workload w : workloads) {
      PodDisruptionBudget pdb =
          Manifests.named(applied, PodDisruptionBudget.class, w.name()).orElseThrow();
      assertThat(selects(pdb.getSpec().getSelector(), w.template().getMetadata().getLabels()))
          .as(w.name())
          .isTrue();
      int minReplicas =
          Manifests.named(applied, HorizontalPodAutoscaler.class, w.name())
              .map(h -> h.getSpec().getMinReplicas())
              .orElseGet(() -> replicas(w.name()));
      if (pdb.getSpec().getMinAvailable() != null) {
        assertThat(pdb.getSpec().getMinAvailable().getIntVal())
            .as(w.name() + ": minAvailable below the fewest replicas, or no eviction is allowed")
            .isLessThan(minReplicas);
      } else {
        assertThat(pdb.getSpec().getMaxUnavailable().getIntVal()).as(w.name()).isPositive();
      }
    }
  }

  private int replicas(String name) {
    return Manifests.named(applied, StatefulSet.class, name).orElseThrow().getSpec().getReplicas();
  }

  @Test
  void enrichAndTheSinksScaleOnCpuAndTheBacklogExampleReplacesThemWithTheSubscriptionBacklog() {
    Map<String, String> subscriptions =
        Map.of(
            "dataflow-enrich",
            "enrich",
            "dataflow-bigquery",
            "bigquery",
            "dataflow-archive",
            "archive");
    List<HorizontalPodAutoscaler> cpu = Manifests.ofType(applied, HorizontalPodAutoscaler.class);
    assertThat(cpu)
        .extracting(h -> h.getMetadata().getName())
        .containsExactlyInAnyOrderElementsOf(subscriptions.keySet());
    List<HorizontalPodAutoscaler> backlog =
        all.stream()
            .filter(
                d ->
                    d.file()
                        .getParent()
                        .getFileName()
                        .toString()
                        .equals("pubsub-backlog-autoscaling"))
            .map(Document::resource)
            .map(HorizontalPodAutoscaler.class::cast)
            .toList();
    assertThat(backlog)
        .extracting(h -> h.getMetadata().getName())
        .containsExactlyInAnyOrderElementsOf(subscriptions.keySet());
    for (HorizontalPodAutoscaler h : cpu) {
      String name = h.getMetadata().getName();
      assertThat(h.getSpec().getScaleTargetRef().getKind()).isEqualTo("Deployment");
      assertThat(h.getSpec().getScaleTargetRef().getName()).isEqualTo(name);
      assertThat(workloads).extracting(Workload::name).contains(name);
      assertThat(h.getSpec().getMinReplicas())
          .isPositive()
          .isLessThanOrEqualTo(h.getSpec().getMaxReplicas());
      assertThat(h.getSpec().getMetrics())
          .singleElement()
          .satisfies(m -> assertThat(m.getResource().getName()).isEqualTo("cpu"));
    }
    for (HorizontalPodAutoscaler h : backlog) {
      String name = h.getMetadata().getName();
      HorizontalPodAutoscaler plain =
          Manifests.named(applied, HorizontalPodAutoscaler.class, name).orElseThrow();
      assertThat(h.getSpec().getScaleTargetRef()).isEqualTo(plain.getSpec().getScaleTargetRef());
      MetricSpec external =
          h.getSpec().getMetrics().stream()
              .filter(m -> m.getType().equals("External"))
              .findFirst()
              .orElseThrow();
      assertThat(external.getExternal().getMetric().getName())
          .isEqualTo("pubsub.googleapis.com|subscription|num_undelivered_messages");
      assertThat(external.getExternal().getMetric().getSelector().getMatchLabels())
          .containsEntry("resource.labels.subscription_id", subscriptions.get(name));
      assertThat(external.getExternal().getTarget().getType()).isEqualTo("AverageValue");
      assertThat(h.getSpec().getMetrics()).anyMatch(m -> m.getType().equals("Resource"));
    }
  }

  @Test
  void ingestionIsAStatefulSetWithOneMqttClientIdPerPodOnASharedSubscription() {
    StatefulSet ingestion =
        Manifests.named(applied, StatefulSet.class, "dataflow-ingestion").orElseThrow();
    Service governing =
        Manifests.named(applied, Service.class, ingestion.getSpec().getServiceName()).orElseThrow();
    assertThat(governing.getSpec().getClusterIP())
        .as("headless governing Service")
        .isEqualTo("None");
    assertThat(ingestion.getSpec().getReplicas()).isGreaterThan(1);
    Container c = ingestion.getSpec().getTemplate().getSpec().getContainers().get(0);
    EnvVar clientId =
        c.getEnv().stream()
            .filter(e -> e.getName().equals("DATAFLOW_MQTT_CLIENT_ID"))
            .findFirst()
            .orElseThrow();
    assertThat(clientId.getValueFrom().getFieldRef().getFieldPath()).isEqualTo("metadata.name");
    ConfigMap config = Manifests.named(applied, ConfigMap.class, "dataflow-config").orElseThrow();
    assertThat(config.getData().get("DATAFLOW_MQTT_SHARED_GROUP"))
        .isNotBlank()
        .doesNotContain("/", "+", "#");
    assertThat(config.getData()).doesNotContainKey("DATAFLOW_MQTT_CLIENT_ID");
  }

  @Test
  void theNetworkPolicyCoversEveryStageAndLetsPrometheusReachTheHttpPort() {
    NetworkPolicy policy = Manifests.ofType(applied, NetworkPolicy.class).get(0);
    for (Workload w : workloads) {
      assertThat(selects(policy.getSpec().getPodSelector(), w.template().getMetadata().getLabels()))
          .as(w.name())
          .isTrue();
    }
    assertThat(policy.getSpec().getPolicyTypes()).containsExactlyInAnyOrder("Ingress", "Egress");
    assertThat(policy.getSpec().getIngress())
        .anyMatch(r -> r.getPorts().stream().anyMatch(p -> p.getPort().getIntVal() == 9080));
    assertThat(policy.getSpec().getEgress())
        .as("DNS")
        .anyMatch(r -> r.getPorts().stream().anyMatch(p -> p.getPort().getIntVal() == 53));
  }

  @Test
  void theServiceMonitorScrapesEveryStageServiceWithTheMetricsLoginAsJobDataflow() {
    ServiceMonitor monitor = Manifests.ofType(all, ServiceMonitor.class).get(0);
    Secret secret = Manifests.named(applied, Secret.class, "dataflow-secrets").orElseThrow();
    for (Workload w : workloads) {
      Service s = Manifests.named(applied, Service.class, w.name()).orElseThrow();
      assertThat(selects(monitor.getSpec().getSelector(), s.getMetadata().getLabels()))
          .as(w.name())
          .isTrue();
      assertThat(s.getSpec().getPorts())
          .extracting(ServicePort::getName)
          .contains(monitor.getSpec().getEndpoints().get(0).getPort());
    }
    var endpoint = monitor.getSpec().getEndpoints().get(0);
    assertThat(endpoint.getPath()).isEqualTo("/metrics");
    assertThat(endpoint.getBasicAuth().getUsername().getName()).isEqualTo("dataflow-secrets");
    assertThat(secret.getStringData())
        .containsKeys(
            endpoint.getBasicAuth().getUsername().getKey(),
            endpoint.getBasicAuth().getPassword().getKey());
    assertThat(endpoint.getRelabelings())
        .anyMatch(r -> "job".equals(r.getTargetLabel()) && "dataflow".equals(r.getReplacement()));
  }

  @Test
  void theServiceAccountMountsNoToken() {
    ServiceAccount account =
        Manifests.named(applied, ServiceAccount.class, "dataflow").orElseThrow();
    assertThat(account.getAutomountServiceAccountToken()).isFalse();
    for (Workload w : workloads) {
      assertThat(w.template().getSpec().getServiceAccountName()).isEqualTo("dataflow");
    }
  }
}
