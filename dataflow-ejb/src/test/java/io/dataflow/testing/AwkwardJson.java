package io.dataflow.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * JSON payloads whose whitespace would split a JSONL line if copied verbatim, and a JSONL reader
 * that is not the project's (Jackson's {@link MappingIterator}, line by line).
 */
public final class AwkwardJson {
  private AwkwardJson() {}

  /** Valid JSON payloads: pretty-printed, trailing newline, CRLF, tabs, escapes, unicode, NUL. */
  public static final List<String> PAYLOADS =
      List.of(
          "{\n  \"temperature\" : 21.5,\n  \"tags\" : [ \"a\", \"b\" ]\n}",
          "{\"t\":21.5}\n",
          "{\r\n\"t\": 1,\r\n\"u\": \"C\"\r\n}\r\n",
          "{\t\"a\":\t[\t1,\t2\t]\t}",
          "{ \"s\" : \"  spaces \\t and \\n escapes  \" }",
          "{ \"q\" : \"\\\"quoted\\\" \\\\ back\\\\slash\\\\\" }",
          "[ [ 1, [ 2, [ 3 ] ] ],\n  { \"x\" : [ { } , [ ] ] } ]\n",
          "{ \"name\" : \"Zürich 東京 🚀\", \"e\" : \"\\u00e9\\ud83d\\ude80\" }",
          "{ \"nul\" : \"a\\u0000b\" }\n",
          "  42\n");

  /**
   * Reads JSONL text with Jackson: asserts it ends with a newline and every line is one JSON object
   * on its own, and returns the objects in order.
   */
  public static List<JsonNode> readJsonl(byte[] jsonl) {
    ObjectMapper jackson = new ObjectMapper();
    String text = new String(jsonl, StandardCharsets.UTF_8);
    assertThat(text).endsWith("\n");
    List<JsonNode> records = new ArrayList<>();
    try {
      for (String line : text.substring(0, text.length() - 1).split("\n", -1)) {
        try (MappingIterator<JsonNode> it = jackson.readerFor(JsonNode.class).readValues(line)) {
          List<JsonNode> inLine = it.readAll();
          assertThat(inLine).as("records in line %s", line).hasSize(1);
          assertThat(inLine.get(0).isObject()).as(line).isTrue();
          records.add(inLine.get(0));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("not JSONL", e);
    }
    return records;
  }

  /** The value of JSON text, as Jackson parses it. */
  public static JsonNode value(String json) {
    try {
      return new ObjectMapper().readTree(json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
