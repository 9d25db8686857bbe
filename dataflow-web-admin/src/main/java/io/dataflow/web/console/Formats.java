package io.dataflow.web.console;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** Number, size, duration and time formats for the pages ({@code #{fmt.bytes(x)}}). */
@Named("fmt")
@ApplicationScoped
public class Formats {
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'", Locale.ROOT)
          .withZone(ZoneOffset.UTC);

  /** 1536 -> "1.5 KiB". */
  public String bytes(long n) {
    if (n < 1024) {
      return n + " B";
    }
    String[] units = {"KiB", "MiB", "GiB", "TiB"};
    double v = n;
    int u = -1;
    while (v >= 1024 && u < units.length - 1) {
      v /= 1024;
      u++;
    }
    return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
  }

  /** 1234567 -> "1,234,567". */
  public String count(long n) {
    return String.format(Locale.ROOT, "%,d", n);
  }

  /** A rate per second: "0", "0.25", "12.5", "1,234". */
  public String rate(double perSecond) {
    if (perSecond == 0) {
      return "0";
    }
    if (perSecond < 1) {
      return String.format(Locale.ROOT, "%.2f", perSecond);
    }
    if (perSecond < 100) {
      return String.format(Locale.ROOT, "%.1f", perSecond);
    }
    return String.format(Locale.ROOT, "%,.0f", perSecond);
  }

  /** 0.8734 -> "87.3 %". */
  public String percent(double ratio) {
    return String.format(Locale.ROOT, "%.1f %%", ratio * 100);
  }

  /** Seconds as "45 s", "3 m 05 s", "2 h 04 m"; negative means unknown ("—"). */
  public String duration(long seconds) {
    if (seconds < 0) {
      return "—";
    }
    if (seconds < 60) {
      return seconds + " s";
    }
    if (seconds < 3600) {
      return String.format(Locale.ROOT, "%d m %02d s", seconds / 60, seconds % 60);
    }
    return String.format(Locale.ROOT, "%d h %02d m", seconds / 3600, seconds % 3600 / 60);
  }

  public String time(Instant t) {
    return t == null ? "—" : TIME.format(t);
  }
}
