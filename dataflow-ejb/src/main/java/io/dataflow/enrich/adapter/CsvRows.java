package io.dataflow.enrich.adapter;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads CSV text (RFC 4180: quoted fields, doubled quotes, commas and newlines in quotes). */
final class CsvRows {
  private CsvRows() {}

  /** One map per data row, keyed by the header; blank lines are skipped. */
  static List<Map<String, Object>> parse(String text) throws IOException {
    List<List<String>> records = records(text);
    if (records.isEmpty()) {
      return List.of();
    }
    List<String> header = records.get(0).stream().map(String::trim).toList();
    List<Map<String, Object>> rows = new ArrayList<>();
    for (int i = 1; i < records.size(); i++) {
      List<String> cells = records.get(i);
      if (cells.size() != header.size()) {
        throw new IOException(
            "CSV row " + (i + 1) + " has " + cells.size() + " fields, header has " + header.size());
      }
      Map<String, Object> row = new LinkedHashMap<>();
      for (int c = 0; c < header.size(); c++) {
        row.put(header.get(c), cells.get(c).trim());
      }
      rows.add(row);
    }
    return rows;
  }

  private static List<List<String>> records(String text) throws IOException {
    List<List<String>> records = new ArrayList<>();
    List<String> record = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    boolean quoted = false;
    boolean any = false;
    for (int i = 0; i < text.length(); i++) {
      char ch = text.charAt(i);
      if (quoted) {
        if (ch == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
          field.append('"');
          i++;
        } else if (ch == '"') {
          quoted = false;
        } else {
          field.append(ch);
        }
      } else if (ch == '"') {
        quoted = true;
        any = true;
      } else if (ch == ',') {
        record.add(field.toString());
        field.setLength(0);
        any = true;
      } else if (ch == '\n' || ch == '\r') {
        if (ch == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
          i++;
        }
        endRecord(records, record, field, any);
        record = new ArrayList<>();
        any = false;
      } else {
        field.append(ch);
        any = any || !Character.isWhitespace(ch);
      }
    }
    if (quoted) {
      throw new IOException("CSV ends inside a quoted field");
    }
    endRecord(records, record, field, any);
    return records;
  }

  private static void endRecord(
      List<List<String>> records, List<String> record, StringBuilder field, boolean any) {
    if (any) {
      record.add(field.toString());
      records.add(record);
    }
    field.setLength(0);
  }
}
