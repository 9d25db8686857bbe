package io.dataflow.bus;

/**
 * A connector that takes messages in from outside the pipeline (MQTT). At shutdown the lifecycle
 * pauses every intake first, so that what is already inside can drain while new messages stay with
 * their source.
 */
public interface Intake {
  /** Stops taking new messages; those taken in can still be settled. */
  void pauseIntake();
}
