package io.dataflow.envelope;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class JsonMinifierTest {
  private static final ObjectMapper JACKSON = new ObjectMapper();

  private static String minify(String json) {
    return new String(
        JsonMinifier.minify(json.getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8);
  }

  /** Minifies, checks there is no line break left and that the JSON value is unchanged. */
  private static String minifiedSameValue(String json) throws Exception {
    String min = minify(json);
    assertThat(min).doesNotContain("\n").doesNotContain("\r");
    assertThat(JACKSON.readTree(min)).isEqualTo(JACKSON.readTree(json));
    return min;
  }

  @Test
  void prettyPrintedJsonBecomesCompact() throws Exception {
    String pretty = "{\n  \"ts\" : 1,\n  \"v\" : [ 1, 2, {\n    \"x\" : null\n  } ]\n}";
    assertThat(minifiedSameValue(pretty)).isEqualTo("{\"ts\":1,\"v\":[1,2,{\"x\":null}]}");
  }

  @Test
  void trailingNewlineAsMosquittoPubSendsAFileIsDropped() throws Exception {
    assertThat(minifiedSameValue("{\"t\":21.5}\n")).isEqualTo("{\"t\":21.5}");
  }

  @Test
  void crlfAndTabsAreDropped() throws Exception {
    assertThat(minifiedSameValue("{\r\n\t\"a\":\t1,\r\n\t\"b\":\ttrue\r\n}\r\n"))
        .isEqualTo("{\"a\":1,\"b\":true}");
  }

  @Test
  void whitespaceInsideStringsIsKept() throws Exception {
    assertThat(minifiedSameValue("{ \"a b\" : \"  x \\t y  \" }"))
        .isEqualTo("{\"a b\":\"  x \\t y  \"}");
  }

  @Test
  void escapedQuotesAndBackslashesDoNotEndAString() throws Exception {
    String json = "{ \"q\" : \"say \\\"hi , there\\\" \", \"b\" : \"c:\\\\ dir\\\\\" , \"n\" : 1 }";
    assertThat(minifiedSameValue(json))
        .isEqualTo("{\"q\":\"say \\\"hi , there\\\" \",\"b\":\"c:\\\\ dir\\\\\",\"n\":1}");
  }

  @Test
  void nestedArraysKeepTheirStructure() throws Exception {
    assertThat(minifiedSameValue("[ [ ], [ [ 1 , [ 2 ] ] ] , { \"a\" : [ { } ] } ]"))
        .isEqualTo("[[],[[1,[2]]],{\"a\":[{}]}]");
  }

  @Test
  void unicodeIsKeptByteForByte() throws Exception {
    String json = "{ \"name\" : \"Zürich 東京 🚀\", \"esc\" : \"\\u00e9\" }";
    assertThat(minifiedSameValue(json))
        .isEqualTo("{\"name\":\"Zürich 東京 🚀\",\"esc\":\"\\u00e9\"}");
  }

  @Test
  void aNulEscapeIsKeptAsWritten() throws Exception {
    assertThat(minifiedSameValue("{ \"nul\" : \"a\\u0000b\" }"))
        .isEqualTo("{\"nul\":\"a\\u0000b\"}");
  }

  @Test
  void numbersAreNotReformatted() throws Exception {
    assertThat(minifiedSameValue("[ 1.0 , 1e400 , 0.10000000000000000000001 , -0 ]"))
        .isEqualTo("[1.0,1e400,0.10000000000000000000001,-0]");
  }

  @Test
  void scalarsWithSurroundingWhitespace() throws Exception {
    assertThat(minifiedSameValue("  \"x\"\n")).isEqualTo("\"x\"");
    assertThat(minifiedSameValue("\t42\r\n")).isEqualTo("42");
  }

  @Test
  void compactJsonIsReturnedAsIs() {
    byte[] compact = "{\"a\":[1,\"b c\"]}".getBytes(StandardCharsets.UTF_8);
    assertThat(JsonMinifier.minify(compact)).isSameAs(compact);
  }

  @Test
  void aLeadingByteOrderMarkIsDropped() {
    byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF, '{', ' ', '}', '\n'};
    assertThat(JsonMinifier.minify(bom)).isEqualTo(new byte[] {'{', '}'});
  }

  @Test
  void aRawLineBreakInsideAStringOfInvalidJsonIsEscapedSoTheLineNeverSplits() {
    assertThat(minify("{\"a\":\"x\ny\r\"}")).isEqualTo("{\"a\":\"x\\u000ay\\u000d\"}");
  }
}
