package io.dataflow.bus.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PubackSequencerTest {
  private final List<Integer> sent = new ArrayList<>();
  private final PubackSequencer seq = new PubackSequencer((id, qos) -> sent.add(id));

  @Test
  void acknowledgementsAreReleasedInArrivalOrder() {
    var a = seq.arrived(1, 1);
    var b = seq.arrived(2, 1);
    var c = seq.arrived(3, 1);
    seq.completed(c);
    seq.completed(b);
    assertThat(sent).isEmpty();
    seq.completed(a);
    assertThat(sent).containsExactly(1, 2, 3);
    assertThat(seq.waiting()).isZero();
  }

  @Test
  void qosZeroMessagesNeedNoAcknowledgementButKeepTheOrder() {
    var a = seq.arrived(0, 0);
    var b = seq.arrived(7, 1);
    seq.completed(b);
    assertThat(sent).isEmpty();
    seq.completed(a);
    assertThat(sent).containsExactly(7);
  }

  @Test
  void messagesOfAnOldConnectionAreNotAcknowledgedOnTheNewOne() {
    var old = seq.arrived(5, 1);
    seq.newConnection();
    var fresh = seq.arrived(5, 1);
    seq.completed(old);
    assertThat(sent).isEmpty();
    seq.completed(fresh);
    assertThat(sent).containsExactly(5);
  }
}
