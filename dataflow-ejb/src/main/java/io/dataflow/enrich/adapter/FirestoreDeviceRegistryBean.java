package io.dataflow.enrich.adapter;

import com.google.cloud.firestore.Firestore;
import io.dataflow.config.Stage;
import io.dataflow.config.StageComponent;
import io.dataflow.enrich.EnrichConfig;
import io.dataflow.enrich.lookup.DeviceLookupException;
import io.dataflow.enrich.lookup.DeviceRegistry;
import io.dataflow.gcp.GoogleClientOptions;
import io.dataflow.gcp.GoogleClients;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;

/**
 * L3 on Firestore as a CDI bean: {@link FirestoreDeviceRegistry} with a MicroProfile Fault
 * Tolerance timeout and retries around each batch. Created only when {@code
 * dataflow.enrich.registry=firestore}. The client's own deadlines are short ({@link
 * #clientOptions}). Tune with e.g. {@code
 * io.dataflow.enrich.adapter.FirestoreDeviceRegistryBean/findAll/Retry/maxRetries=4}.
 */
@ApplicationScoped
@StageComponent(Stage.ENRICH)
public class FirestoreDeviceRegistryBean implements DeviceRegistry {
  private static final Logger LOG = Logger.getLogger(FirestoreDeviceRegistryBean.class.getName());
  private static final int CLIENT_ATTEMPTS = 3;
  @Inject Config config;
  private Firestore firestore;
  private FirestoreDeviceRegistry registry;

  @PostConstruct
  void connect() {
    EnrichConfig.L3Firestore settings = EnrichConfig.read(config).firestore();
    Duration timeout = settings.timeout();
    firestore =
        GoogleClients.firestore(
            clientOptions(settings.project(), settings.emulatorHost(), timeout),
            settings.database());
    String collection = settings.collection();
    registry = new FirestoreDeviceRegistry(firestore, collection, timeout);
    LOG.info(
        () ->
            "Device registry: Firestore project "
                + firestore.getOptions().getProjectId()
                + ", collection "
                + collection);
  }

  /**
   * Calls that give up after {@code timeout}, with up to {@value #CLIENT_ATTEMPTS} gax attempts
   * inside it (the library's default would retry an unreachable endpoint for about a minute).
   */
  static GoogleClientOptions clientOptions(
      Optional<String> projectId, Optional<String> emulatorHost, Duration timeout) {
    return GoogleClientOptions.of(projectId, emulatorHost, timeout).withAttempts(CLIENT_ATTEMPTS);
  }

  @PreDestroy
  void close() {
    if (firestore != null) {
      try {
        firestore.close();
      } catch (Exception e) {
        LOG.log(Level.FINE, "Closing the Firestore client failed", e);
      }
    }
  }

  @Override
  public String tierName() {
    return FirestoreDeviceRegistry.TIER;
  }

  @Override
  @Timeout(5_000)
  @Retry(
      maxRetries = 2,
      delay = 200,
      jitter = 100,
      retryOn = {DeviceLookupException.class, TimeoutException.class})
  public Map<String, Map<String, Object>> findAll(Collection<String> ids)
      throws DeviceLookupException {
    return registry.findAll(ids);
  }
}
