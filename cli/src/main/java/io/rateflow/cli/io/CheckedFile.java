package io.rateflow.cli.io;

import io.rateflow.cli.offline.JsonLinesFile;
import io.rateflow.cli.offline.OfflineInputError;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A JSON Lines file read and checked line by line before anything is sent: the lines that encode,
 * and the ones that do not as {@code file:line: reason}. A line is refused where {@code rate} would
 * reject it as MALFORMED; what only the job can judge (an unknown account, a duplicate id, a
 * negative quantity) is left to the job, which rejects it with a reason on the rejected-events
 * topic.
 */
public record CheckedFile(List<Good> good, List<String> bad, int blank) {
  /** One line that can be sent. */
  public record Good(int line, String key, byte[] value) {}

  public static CheckedFile read(Path file, InputKind kind, Instant now) {
    List<JsonLinesFile.Line> lines;
    try {
      lines = JsonLinesFile.read(file, kind.label);
    } catch (OfflineInputError e) {
      throw new IllegalArgumentException(e.getMessage());
    }
    List<Good> good = new ArrayList<>();
    List<String> bad = new ArrayList<>();
    int blank = 0;
    for (JsonLinesFile.Line line : lines) {
      if (line.isBlank()) {
        blank++;
        continue;
      }
      if (line.problem() != null) {
        bad.add(file + ":" + line.number() + ": " + line.problem());
        continue;
      }
      try {
        InputKind.Encoded e = kind.encode(line.text(), now);
        good.add(new Good(line.number(), e.key(), e.value()));
      } catch (Exception e) {
        bad.add(file + ":" + line.number() + ": " + reason(e));
      }
    }
    return new CheckedFile(List.copyOf(good), List.copyOf(bad), blank);
  }

  /** The exception's message when it was written for a user; its kind too when it was not. */
  static String reason(Exception e) {
    if (e instanceof IllegalArgumentException
        && e.getMessage() != null
        && !e.getMessage().startsWith("No enum constant")) {
      return e.getMessage();
    }
    if (e instanceof java.time.format.DateTimeParseException p) {
      return "'"
          + p.getParsedString()
          + "' is not an ISO-8601 instant such as 2026-11-30T12:00:00Z";
    }
    if (e.getMessage() != null && e.getMessage().startsWith("No enum constant")) {
      return "unknown value " + e.getMessage().substring(e.getMessage().lastIndexOf('.') + 1);
    }
    return e.getClass().getSimpleName() + ": " + e.getMessage();
  }
}
