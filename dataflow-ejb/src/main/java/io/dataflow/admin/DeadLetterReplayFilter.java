package io.dataflow.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which dead letters to replay (the body of {@code POST /admin/api/dead-letters/replay}); every
 * field is optional and every criterion given must hold.
 *
 * @param stage the stage that dead-lettered them: ingestion, enrich, bigquery or archive
 * @param reason the reason code, e.g. {@code unknown-device}
 * @param deviceId the device
 * @param from dead-lettered at or after this ISO-8601 instant
 * @param to dead-lettered before this ISO-8601 instant
 * @param ids dead-letter ids or envelope ids
 * @param dryRun count only
 * @param includeReplayed also select dead letters that were replayed already
 */
public record DeadLetterReplayFilter(
    String stage,
    String reason,
    String deviceId,
    String from,
    String to,
    List<String> ids,
    boolean dryRun,
    boolean includeReplayed) {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Set<String> FIELDS =
      new TreeSet<>(
          Set.of("stage", "reason", "deviceId", "from", "to", "ids", "dryRun", "includeReplayed"));

  /**
   * Reads a filter from the JSON body of a request, so that every mistake gets its own message.
   *
   * @throws InvalidRequestException for no body, invalid JSON, not an object, an unknown field (a
   *     typo such as {@code stag} would otherwise widen the filter) or a field of the wrong type
   */
  public static DeadLetterReplayFilter parse(String json) throws InvalidRequestException {
    if (json == null || json.isBlank()) {
      throw new InvalidRequestException(
          "a JSON filter is required, e.g. {\"stage\":\"enrich\",\"dryRun\":true}");
    }
    JsonNode o;
    try {
      o = JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw new InvalidRequestException("the filter is not valid JSON: " + e.getOriginalMessage());
    }
    if (o == null || !o.isObject()) {
      throw new InvalidRequestException(
          "the filter must be a JSON object, not "
              + (o != null && o.isArray()
                  ? "an array"
                  : "a "
                      + (o == null
                          ? "nothing"
                          : o.getNodeType().name().toLowerCase(java.util.Locale.ROOT))));
    }
    for (Iterator<String> it = o.fieldNames(); it.hasNext(); ) {
      String k = it.next();
      if (!FIELDS.contains(k)) {
        throw new InvalidRequestException(
            "unknown field '" + k + "'; the filter takes " + String.join(", ", FIELDS));
      }
    }
    return new DeadLetterReplayFilter(
        text(o, "stage"),
        text(o, "reason"),
        text(o, "deviceId"),
        text(o, "from"),
        text(o, "to"),
        ids(o),
        flag(o, "dryRun"),
        flag(o, "includeReplayed"));
  }

  private static String text(JsonNode o, String field) throws InvalidRequestException {
    JsonNode v = o.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isTextual()) {
      throw new InvalidRequestException(field + " must be a string");
    }
    return v.asText();
  }

  private static boolean flag(JsonNode o, String field) throws InvalidRequestException {
    JsonNode v = o.get(field);
    if (v == null || v.isNull()) {
      return false;
    }
    if (!v.isBoolean()) {
      throw new InvalidRequestException(field + " must be true or false");
    }
    return v.asBoolean();
  }

  private static List<String> ids(JsonNode o) throws InvalidRequestException {
    JsonNode v = o.get("ids");
    if (v == null || v.isNull()) {
      return List.of();
    }
    if (!v.isArray()) {
      throw new InvalidRequestException("ids must be an array of strings");
    }
    List<String> ids = new ArrayList<>(v.size());
    for (JsonNode x : v) {
      if (!x.isTextual()) {
        throw new InvalidRequestException("ids must be an array of strings");
      }
      ids.add(x.asText());
    }
    return ids;
  }
}
