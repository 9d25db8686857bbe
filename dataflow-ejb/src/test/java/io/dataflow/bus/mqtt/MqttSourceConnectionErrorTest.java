package io.dataflow.bus.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.SocketException;
import javax.net.ssl.SSLHandshakeException;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.junit.jupiter.api.Test;

class MqttSourceConnectionErrorTest {
  @Test
  void aHandshakeCutShortOverTlsSuggestsAPlaintextListener() {
    MqttException e =
        new MqttException(
            MqttException.REASON_CODE_SERVER_CONNECT_ERROR,
            new SocketException("Connection reset"));

    assertThat(MqttSource.connectionError("ssl://broker:8883", e))
        .contains("Connection reset")
        .contains("is its listener a TLS one?")
        .contains("never falls back to plaintext");
  }

  @Test
  void aCertificateErrorIsShownAsItIs() {
    MqttException e =
        new MqttException(
            MqttException.REASON_CODE_SERVER_CONNECT_ERROR,
            new SSLHandshakeException(
                "No subject alternative names matching IP address 127.0.0.1 found"));

    assertThat(MqttSource.connectionError("ssl://127.0.0.1:8883", e))
        .contains("No subject alternative names matching IP address 127.0.0.1")
        .doesNotContain("listener");
  }

  @Test
  void aResetOverPlaintextHasNoTlsHint() {
    MqttException e =
        new MqttException(
            MqttException.REASON_CODE_SERVER_CONNECT_ERROR,
            new SocketException("Connection reset"));

    assertThat(MqttSource.connectionError("tcp://broker:1883", e)).doesNotContain("TLS");
  }
}
