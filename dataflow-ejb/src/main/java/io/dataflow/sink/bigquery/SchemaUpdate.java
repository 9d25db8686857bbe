package io.dataflow.sink.bigquery;

import java.util.Arrays;

/** What a writer does at start-up when its table lacks columns of the row schema. */
public enum SchemaUpdate {
  /** Add the missing columns, nullable (the rows written before have them null). */
  ADD_COLUMNS("add-columns"),
  /** Change nothing: the start-up fails with a message naming the missing columns. */
  NONE("none");

  private final String value;

  SchemaUpdate(String value) {
    this.value = value;
  }

  /** The setting's word. */
  public String value() {
    return value;
  }

  /** The policy of a (validated) setting value. */
  public static SchemaUpdate of(String value) {
    return Arrays.stream(values())
        .filter(p -> p.value.equals(value))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no schema-update policy " + value));
  }
}
