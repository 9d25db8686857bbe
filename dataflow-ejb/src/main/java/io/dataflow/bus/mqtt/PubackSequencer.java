package io.dataflow.bus.mqtt;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Releases MQTT acknowledgements in the order the messages arrived, whatever order the pipeline
 * finishes them in (MQTT 3.1.1 section 4.6). Each connection has its own sequence: after a
 * reconnect, messages of the old connection are not acknowledged on the new one (the broker
 * redelivers them, which is at-least-once).
 */
final class PubackSequencer {
  /** Sends the acknowledgement for a message id on the current connection. */
  interface AckSender {
    void send(int messageId, int qos);
  }

  /** One received message awaiting its acknowledgement. */
  static final class Slot {
    final long connection;
    final int messageId;
    final int qos;
    boolean done;

    Slot(long connection, int messageId, int qos) {
      this.connection = connection;
      this.messageId = messageId;
      this.qos = qos;
    }
  }

  private final AckSender sender;
  private final Deque<Slot> pending = new ArrayDeque<>();
  private long connection;

  PubackSequencer(AckSender sender) {
    this.sender = sender;
  }

  /** A new connection: forget the unacknowledged messages of the previous one. */
  synchronized void newConnection() {
    connection++;
    pending.clear();
  }

  /** Records an arrival; call in arrival order. */
  synchronized Slot arrived(int messageId, int qos) {
    Slot s = new Slot(connection, messageId, qos);
    pending.addLast(s);
    return s;
  }

  /** Marks a message done and sends every acknowledgement now in order. */
  synchronized void completed(Slot slot) {
    if (slot.connection != connection) {
      return;
    }
    slot.done = true;
    while (!pending.isEmpty() && pending.peekFirst().done) {
      Slot head = pending.removeFirst();
      if (head.qos > 0) {
        sender.send(head.messageId, head.qos);
      }
    }
  }

  synchronized int waiting() {
    return pending.size();
  }
}
