package io.dataflow.bus.mqtt;

import io.dataflow.config.ConfigurationException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Optional;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;

/**
 * Builds the TLS socket factory for {@code ssl://} brokers from a PEM CA file and an optional
 * PKCS#12 client keystore. Any problem is a {@link ConfigurationException}: the connector never
 * falls back to plaintext.
 */
final class MqttTls {
  private MqttTls() {}

  static SSLSocketFactory socketFactory(
      Optional<String> caFile, Optional<String> keystore, Optional<String> keystorePassword) {
    try {
      TrustManagerFactory tmf = null;
      if (caFile.isPresent()) {
        KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
        trust.load(null, null);
        try (InputStream in = Files.newInputStream(Path.of(caFile.get()))) {
          int i = 0;
          for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
            trust.setCertificateEntry("ca-" + i++, c);
          }
          if (i == 0) {
            throw new ConfigurationException(
                MqttSettings.TLS_CA_FILE.key() + ": no certificate in " + caFile.get());
          }
        }
        tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
      }
      KeyManagerFactory kmf = null;
      if (keystore.isPresent()) {
        char[] password = keystorePassword.orElse("").toCharArray();
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(Path.of(keystore.get()))) {
          keys.load(in, password);
        }
        kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, password);
      }
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(
          kmf == null ? null : kmf.getKeyManagers(),
          tmf == null ? null : tmf.getTrustManagers(),
          null);
      return ctx.getSocketFactory();
    } catch (ConfigurationException e) {
      throw e;
    } catch (Exception e) {
      throw new ConfigurationException(
          "MQTT TLS set-up failed ("
              + MqttSettings.TLS_CA_FILE.key()
              + ", "
              + MqttSettings.TLS_KEYSTORE.key()
              + "): "
              + e.getMessage(),
          e);
    }
  }
}
