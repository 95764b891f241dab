package io.rateflow.cli.offline;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The lines of a JSON Lines file, each decoded on its own: one line that is not UTF-8 is one bad
 * line, not a failed run. A byte-order mark before the first line is skipped (editors on Windows
 * write one).
 */
public final class JsonLinesFile {
  private JsonLinesFile() {}

  /**
   * One line: its 1-based number, its text (with invalid bytes replaced, for messages and
   * payloads), and why it cannot be read, or {@code null}.
   */
  public record Line(int number, String text, String problem) {
    public boolean isBlank() {
      return problem == null && text.isBlank();
    }
  }

  public static List<Line> read(Path file, String what) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new OfflineInputError(what + " file " + file + " does not exist; check the path");
    } catch (IOException e) {
      throw new OfflineInputError(what + " file " + file + " cannot be read: " + e.getMessage());
    }
    int start = 0;
    if (bytes.length >= 3
        && (bytes[0] & 0xFF) == 0xEF
        && (bytes[1] & 0xFF) == 0xBB
        && (bytes[2] & 0xFF) == 0xBF) {
      start = 3;
    }
    List<Line> lines = new ArrayList<>();
    int number = 1;
    while (start < bytes.length) {
      int end = start;
      while (end < bytes.length && bytes[end] != '\n') {
        end++;
      }
      int stop = end > start && bytes[end - 1] == '\r' ? end - 1 : end;
      lines.add(decode(number++, ByteBuffer.wrap(bytes, start, stop - start)));
      start = end + 1;
    }
    return lines;
  }

  private static Line decode(int number, ByteBuffer bytes) {
    try {
      String text =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(bytes.duplicate())
              .toString();
      return new Line(number, text, null);
    } catch (CharacterCodingException e) {
      return new Line(
          number,
          StandardCharsets.UTF_8.decode(bytes).toString(),
          "not valid UTF-8 (save the file as UTF-8)");
    }
  }
}
