package io.dataflow.web.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.el.ELContext;
import jakarta.el.ELResolver;
import jakarta.el.FunctionMapper;
import jakarta.el.PropertyNotWritableException;
import jakarta.el.VariableMapper;
import org.junit.jupiter.api.Test;

class RecordELResolverTest {
  record Counters(long received, String stage) {}

  private final RecordELResolver resolver = new RecordELResolver();
  private final ELContext context =
      new ELContext() {
        @Override
        public ELResolver getELResolver() {
          return resolver;
        }

        @Override
        public FunctionMapper getFunctionMapper() {
          return null;
        }

        @Override
        public VariableMapper getVariableMapper() {
          return null;
        }
      };

  @Test
  void readsARecordComponentByName() {
    Object v = resolver.getValue(context, new Counters(42, "enrich"), "received");

    assertThat(v).isEqualTo(42L);
    assertThat(context.isPropertyResolved()).isTrue();
  }

  @Test
  void leavesOtherBasesAndUnknownNamesToOtherResolvers() {
    assertThat(resolver.getValue(context, "not a record", "length")).isNull();
    assertThat(resolver.getValue(context, new Counters(1, "x"), "nothing")).isNull();
    assertThat(context.isPropertyResolved()).isFalse();
  }

  @Test
  void recordsAreReadOnly() {
    Counters c = new Counters(1, "x");

    assertThat(resolver.isReadOnly(context, c, "stage")).isTrue();
    assertThatThrownBy(() -> resolver.setValue(context, c, "stage", "y"))
        .isInstanceOf(PropertyNotWritableException.class);
  }
}
