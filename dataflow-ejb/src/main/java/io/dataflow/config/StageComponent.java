package io.dataflow.config;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a bean that belongs to one stage. When the stage is not listed in {@code dataflow.stages}
 * the bean is vetoed by {@link StageSelectionExtension}: a server that runs no sink starts no sink
 * beans, and their {@code @Incoming} methods never subscribe.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface StageComponent {
  Stage value();
}
