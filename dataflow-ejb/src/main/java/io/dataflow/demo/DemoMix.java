package io.dataflow.demo;

import java.util.random.RandomGenerator;

/**
 * The shares of the demo messages that are not telemetry of a registered device; the rest is.
 *
 * @param unknownDevice telemetry of devices the registry does not know
 * @param notJson payloads that are not JSON
 * @param oversize payloads over the ingestion limit
 * @param noRoute messages on a topic that matches no route
 */
public record DemoMix(double unknownDevice, double notJson, double oversize, double noRoute) {
  /**
   * 5% unknown devices, 1% not JSON, 0.5% oversize, 1% no route: enough for every console page to
   * show something within a minute at 20 msg/s, little enough that the charts show telemetry.
   */
  public static final DemoMix DEFAULT = new DemoMix(0.05, 0.01, 0.005, 0.01);

  public DemoMix {
    for (double share : new double[] {unknownDevice, notJson, oversize, noRoute}) {
      if (!(share >= 0 && share <= 1)) {
        throw new IllegalArgumentException("a share is from 0 to 1, not " + share);
      }
    }
    if (unknownDevice + notJson + oversize + noRoute > 1) {
      throw new IllegalArgumentException("the shares add up to more than 1");
    }
  }

  /** The kind of the next message, drawn by the shares. */
  DemoMessage.Kind draw(RandomGenerator random) {
    double r = random.nextDouble();
    if ((r -= unknownDevice) < 0) {
      return DemoMessage.Kind.UNKNOWN_DEVICE;
    }
    if ((r -= notJson) < 0) {
      return DemoMessage.Kind.NOT_JSON;
    }
    if ((r -= oversize) < 0) {
      return DemoMessage.Kind.OVERSIZE;
    }
    if (r - noRoute < 0) {
      return DemoMessage.Kind.NO_ROUTE;
    }
    return DemoMessage.Kind.TELEMETRY;
  }
}
