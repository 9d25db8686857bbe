package io.dataflow.testing;

import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.spi.Bean;
import jakarta.enterprise.util.TypeLiteral;
import jakarta.inject.Named;
import java.lang.annotation.Annotation;
import java.lang.reflect.Proxy;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An {@code @Any Instance<T>} outside the container: the {@code @Named} beans of a type, by name,
 * as CDI would resolve them. {@link #select(Annotation...)} honours {@link Named} only; a handle's
 * bean answers {@code getName()} and nothing else. For the code that picks a bean by a configured
 * name; that CDI does the same is checked in the container (the Arquillian ITs).
 */
public final class NamedInstance<T> implements Instance<T> {
  private final Map<String, T> beans;

  private NamedInstance(Map<String, T> beans) {
    this.beans = beans;
  }

  /** Beans by their {@code @Named} value, in this order. */
  public static <T> NamedInstance<T> of(Map<String, T> beans) {
    return new NamedInstance<>(new LinkedHashMap<>(beans));
  }

  @Override
  public Instance<T> select(Annotation... qualifiers) {
    Map<String, T> chosen = new LinkedHashMap<>(beans);
    for (Annotation q : qualifiers) {
      if (!(q instanceof Named named)) {
        throw new UnsupportedOperationException("only @Named is supported: " + q);
      }
      chosen.keySet().retainAll(List.of(named.value()));
    }
    return new NamedInstance<>(chosen);
  }

  @Override
  public <U extends T> Instance<U> select(Class<U> subtype, Annotation... qualifiers) {
    throw new UnsupportedOperationException();
  }

  @Override
  public <U extends T> Instance<U> select(TypeLiteral<U> subtype, Annotation... qualifiers) {
    throw new UnsupportedOperationException();
  }

  @Override
  public boolean isUnsatisfied() {
    return beans.isEmpty();
  }

  @Override
  public boolean isAmbiguous() {
    return beans.size() > 1;
  }

  @Override
  public void destroy(T instance) {}

  @Override
  public Handle<T> getHandle() {
    if (beans.size() != 1) {
      throw new IllegalStateException(beans.size() + " beans: " + beans.keySet());
    }
    return handles().iterator().next();
  }

  @Override
  public Iterable<? extends Handle<T>> handles() {
    return beans.entrySet().stream().map(e -> handle(e.getKey(), e.getValue())).toList();
  }

  @Override
  public T get() {
    return getHandle().get();
  }

  @Override
  public Iterator<T> iterator() {
    return beans.values().iterator();
  }

  private static <T> Handle<T> handle(String name, T instance) {
    @SuppressWarnings("unchecked")
    Bean<T> bean =
        (Bean<T>)
            Proxy.newProxyInstance(
                Bean.class.getClassLoader(),
                new Class<?>[] {Bean.class},
                (proxy, method, args) -> {
                  if (method.getName().equals("getName")) {
                    return name;
                  }
                  throw new UnsupportedOperationException(method.getName());
                });
    return new Handle<>() {
      @Override
      public T get() {
        return instance;
      }

      @Override
      public Bean<T> getBean() {
        return bean;
      }

      @Override
      public void destroy() {}

      @Override
      public void close() {}
    };
  }
}
