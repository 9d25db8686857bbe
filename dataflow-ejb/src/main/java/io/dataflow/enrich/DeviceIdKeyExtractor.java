package io.dataflow.enrich;

import io.dataflow.envelope.Envelope;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;

/** The default key: the envelope's device id. */
@ApplicationScoped
@Named(DeviceIdKeyExtractor.NAME)
public class DeviceIdKeyExtractor implements KeyExtractor {
  public static final String NAME = "device-id";

  @Override
  public String key(Envelope envelope) {
    return envelope.deviceId();
  }
}
