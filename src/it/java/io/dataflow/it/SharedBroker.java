package io.dataflow.it;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;

/**
 * The Mosquitto broker on the port the integration-test server is configured with. Started by the
 * first test that needs it and stopped when the test JVM exits.
 */
public final class SharedBroker {
  private static Mosquitto broker;

  private SharedBroker() {}

  public static synchronized Mosquitto get() throws IOException, InterruptedException {
    if (broker == null) {
      broker = new Mosquitto(ServerUnderTest.mqttPort()).start();
      Mosquitto b = broker;
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> {
                    try {
                      b.kill();
                    } catch (InterruptedException e) {
                      Thread.currentThread().interrupt();
                    }
                  }));
    }
    return broker;
  }

  /**
   * Whether a broker listens on the server's MQTT port: one that already did, or the shared one,
   * started now. False when nothing listens and mosquitto is not installed.
   */
  public static synchronized boolean ensureListening() throws IOException, InterruptedException {
    if (broker != null || listening(ServerUnderTest.mqttPort())) {
      return true;
    }
    if (!Mosquitto.installed()) {
      return false;
    }
    get();
    return true;
  }

  private static boolean listening(int port) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 300);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  public static synchronized boolean started() {
    return broker != null;
  }
}
