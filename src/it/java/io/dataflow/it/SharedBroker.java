package io.dataflow.it;

import java.io.IOException;

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

  public static synchronized boolean started() {
    return broker != null;
  }
}
