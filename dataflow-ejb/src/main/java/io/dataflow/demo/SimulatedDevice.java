package io.dataflow.demo;

import java.util.random.RandomGenerator;

/**
 * One simulated device and its readings. Temperature, humidity and signal strength each take a
 * small random step per message, pulled back towards the device's own level so they wander but stay
 * plausible; the battery only drains, a little per message, and is replaced when nearly empty.
 */
final class SimulatedDevice {
  private static final double PULL = 0.02;
  private final String id;
  private final double baseTemperature;
  private final double baseHumidity;
  private final double drainPerMessage;
  private long seq;
  private double temperature;
  private double humidity;
  private double battery;
  private double rssi;

  SimulatedDevice(String id, RandomGenerator random) {
    this.id = id;
    this.baseTemperature = 18 + 8 * random.nextDouble();
    this.baseHumidity = 35 + 25 * random.nextDouble();
    this.drainPerMessage = 0.002 + 0.008 * random.nextDouble();
    this.temperature = baseTemperature;
    this.humidity = baseHumidity;
    this.battery = 60 + 40 * random.nextDouble();
    this.rssi = -85 + 35 * random.nextDouble();
  }

  /** The readings of the next message. */
  void step(RandomGenerator random) {
    seq++;
    temperature += 0.15 * random.nextGaussian() + PULL * (baseTemperature - temperature);
    humidity =
        clamp(humidity + 0.4 * random.nextGaussian() + PULL * (baseHumidity - humidity), 5, 95);
    battery -= drainPerMessage * (0.5 + random.nextDouble());
    if (battery < 5) {
      battery = 100;
    }
    rssi = clamp(rssi + random.nextGaussian() + PULL * (-65 - rssi), -100, -35);
  }

  String id() {
    return id;
  }

  long seq() {
    return seq;
  }

  /** Degrees Celsius, two decimals. */
  double temperature() {
    return round2(temperature);
  }

  /** Relative humidity in percent, one decimal. */
  double humidity() {
    return Math.round(humidity * 10) / 10.0;
  }

  /** Battery charge in percent, two decimals. */
  double battery() {
    return round2(battery);
  }

  /** Signal strength in dBm. */
  int rssi() {
    return (int) Math.round(rssi);
  }

  private static double round2(double v) {
    return Math.round(v * 100) / 100.0;
  }

  private static double clamp(double v, double min, double max) {
    return Math.max(min, Math.min(max, v));
  }
}
