package io.dataflow.concurrent;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.enterprise.concurrent.ManagedThreadFactory;
import java.lang.reflect.Proxy;
import java.util.concurrent.ThreadFactory;
import org.junit.jupiter.api.Test;

class ManagedThreadsTest {
  @Test
  void theContainersFactoryIsUsedWhenThereIsOne() {
    ManagedThreadFactory container =
        (ManagedThreadFactory)
            Proxy.newProxyInstance(
                ManagedThreadFactory.class.getClassLoader(),
                new Class<?>[] {ManagedThreadFactory.class},
                (proxy, method, args) -> null);
    ManagedThreads threads = new ManagedThreads();
    threads.managed = container;

    assertThat(threads.factory("enrich")).isSameAs(container);
  }

  @Test
  void withoutAContainerThreadsArePlainNamedDaemons() {
    ThreadFactory factory = new ManagedThreads().factory("archive");

    Thread first = factory.newThread(() -> {});
    Thread second = factory.newThread(() -> {});

    assertThat(first.getName()).isEqualTo("dataflow-archive-1");
    assertThat(second.getName()).isEqualTo("dataflow-archive-2");
    assertThat(first.isDaemon()).isTrue();
  }
}
