package io.dataflow.web.console;

import jakarta.el.ELContext;
import jakarta.el.ELException;
import jakarta.el.ELResolver;
import jakarta.el.PropertyNotWritableException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;

/**
 * Lets the pages read the facade's DTO records ({@code #{s.counters.received}}): Expression
 * Language 5 (Jakarta EE 10) knows only {@code getX()} properties, not record accessors. Read-only.
 */
public class RecordELResolver extends ELResolver {

  @Override
  public Object getValue(ELContext context, Object base, Object property) {
    RecordComponent c = component(base, property);
    if (c == null) {
      return null;
    }
    try {
      Object value = c.getAccessor().invoke(base);
      context.setPropertyResolved(base, property);
      return value;
    } catch (IllegalAccessException | InvocationTargetException e) {
      throw new ELException("Cannot read " + property + " of " + base.getClass().getName(), e);
    }
  }

  @Override
  public Class<?> getType(ELContext context, Object base, Object property) {
    if (component(base, property) != null) {
      context.setPropertyResolved(base, property);
    }
    return null; // read-only, as the specification asks
  }

  @Override
  public void setValue(ELContext context, Object base, Object property, Object value) {
    if (component(base, property) != null) {
      throw new PropertyNotWritableException(property + " of a record is read-only");
    }
  }

  @Override
  public boolean isReadOnly(ELContext context, Object base, Object property) {
    if (component(base, property) != null) {
      context.setPropertyResolved(base, property);
      return true;
    }
    return false;
  }

  @Override
  public Class<?> getCommonPropertyType(ELContext context, Object base) {
    return base != null && base.getClass().isRecord() ? String.class : null;
  }

  private static RecordComponent component(Object base, Object property) {
    if (base == null || !base.getClass().isRecord() || !(property instanceof String name)) {
      return null;
    }
    for (RecordComponent c : base.getClass().getRecordComponents()) {
      if (c.getName().equals(name)) {
        return c;
      }
    }
    return null;
  }
}
