package io.rateflow.cli.offline;

import static org.assertj.core.api.Assertions.assertThat;

import io.rateflow.avro.Charge;
import io.rateflow.avro.RejectedEvent;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The defects of {@code ./rateflow rate} found on the way (issue 9), each pinned down. */
class RateDefectsTest {
  static final String RULES =
      """
      id: usd
      version: 1
      effective_from: 2026-01-01T00:00:00Z
      currency: USD
      meters:
        api_calls:
          unit: call
          aggregation: sum
          price:
            model: graduated
            tiers:
              - up_to: 100
                unit_price: 0.10
              - unit_price: 0.05
      """;

  @TempDir Path dir;

  @BeforeEach
  void files() throws Exception {
    Files.createDirectories(dir.resolve("rules"));
    Files.writeString(dir.resolve("rules/usd.yaml"), RULES);
    Files.writeString(
        dir.resolve("accounts.jsonl"),
        """
        {"account_id":"A","currency":"USD"}
        {"account_id":"B","currency":"USD"}
        """);
  }

  private static String event(String id, String account, String quantity, String time) {
    return "{\"event_id\":\""
        + id
        + "\",\"account_id\":\""
        + account
        + "\",\"meter\":\"api_calls\",\"quantity\":\""
        + quantity
        + "\",\"event_time\":\""
        + time
        + "\"}";
  }

  private OfflineRating.Result rate(Path events) throws Exception {
    return OfflineRating.rate(dir.resolve("rules"), dir.resolve("accounts.jsonl"), events, 2);
  }

  private static Map<String, String> reasonsByLine(OfflineRating.Result r) {
    Map<String, String> m = new TreeMap<>();
    for (RejectedEvent e : r.rejected()) {
      m.put("line " + e.getSourceOffset(), e.getReasonCode());
    }
    return m;
  }

  @Test
  void badLinesAreRejectedOneByOneWithFileLineAndReason() throws Exception {
    Path events = dir.resolve("events.jsonl");
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    b.write(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}); // a byte-order mark before line 1
    b.write(
        (event("e1", "A", "60", "2026-11-10T10:00:00Z") + "\n").getBytes(StandardCharsets.UTF_8));
    b.write(new byte[] {'{', '"', (byte) 0xC3, (byte) 0x28, '"', '}', '\n'}); // line 2: not UTF-8
    b.write(
        ("{\"event_id\":\"e3\",\"account_id\":\"A\",\"meter\":\"api_calls\",\"quantity\":\"1\",\"quantity\":\"1000\","
                + "\"event_time\":\"2026-11-10T10:00:00Z\"}\n")
            .getBytes(StandardCharsets.UTF_8));
    b.write(
        (event("e4", "A", "1", "2026-11-10T10:00:00Z") + " trailing\n")
            .getBytes(StandardCharsets.UTF_8));
    b.write(
        (event("e5", "A", "1", "2026-11-10T10:00:00Z") + "{}\n").getBytes(StandardCharsets.UTF_8));
    b.write(
        (event("e6", "A", "1e80000000", "2026-11-10T10:00:00Z") + "\n")
            .getBytes(StandardCharsets.UTF_8));
    b.write(
        (event("e7\\u0000x", "A", "1", "2026-11-10T10:00:00Z") + "\n")
            .getBytes(StandardCharsets.UTF_8));
    b.write(
        (event("e8", "A\\u001b[2J", "1", "2026-11-10T10:00:00Z") + "\r\n")
            .getBytes(StandardCharsets.UTF_8));
    b.write(
        (event("e9", "B", "2", "2026-11-10T11:00:00Z") + "\n").getBytes(StandardCharsets.UTF_8));
    Files.write(events, b.toByteArray());

    long start = System.nanoTime();
    OfflineRating.Result r = rate(events);
    assertThat(Duration.ofNanos(System.nanoTime() - start))
        .as("1e80000000 is refused before any scaling")
        .isLessThan(Duration.ofSeconds(60));

    assertThat(
            r.charges().stream()
                .collect(Collectors.toMap(Charge::getEventId, Charge::getAmountMinor)))
        .containsExactlyInAnyOrderEntriesOf(Map.of("e1", 600L, "e9", 20L));
    assertThat(reasonsByLine(r))
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "line 2",
                "MALFORMED",
                "line 3",
                "MALFORMED",
                "line 4",
                "MALFORMED",
                "line 5",
                "MALFORMED",
                "line 6",
                "MALFORMED",
                "line 7",
                "INVALID_EVENT",
                "line 8",
                "INVALID_EVENT"));
    Map<Long, String> messages =
        r.rejected().stream()
            .collect(Collectors.toMap(RejectedEvent::getSourceOffset, RejectedEvent::getMessage));
    assertThat(messages.get(2L)).isEqualTo(events + ":2: not valid UTF-8 (save the file as UTF-8)");
    assertThat(messages.get(3L)).startsWith(events + ":3: duplicate key").contains("quantity");
    assertThat(messages.get(4L)).startsWith(events + ":4: ");
    assertThat(messages.get(5L))
        .isEqualTo(events + ":5: text after the JSON object (one object per line)");
    assertThat(messages.get(6L))
        .isEqualTo(
            events
                + ":6: quantity 1e80000000 is out of range (at most 30 integer digits and 6 decimals)");
    assertThat(messages.get(7L)).contains("event_id contains the control character U+0000");
    assertThat(messages.get(8L)).contains("account_id contains the control character U+001B");
    assertThat(r.charges().size() + r.rejected().size()).isEqualTo(9);
  }

  @Test
  void aRepeatedEventIdIsChargedForItsFirstLineOnEveryRun() throws Exception {
    // 20 accounts, each with two copies of one event id at the same time but other quantities:
    // which
    // copy BATCH mode's sort puts first is arbitrary, so the reader decides, in input order
    StringBuilder accounts = new StringBuilder();
    StringBuilder events = new StringBuilder();
    for (int i = 0; i < 20; i++) {
      accounts.append("{\"account_id\":\"acct-").append(i).append("\",\"currency\":\"USD\"}\n");
      events.append(event("dup", "acct-" + i, "1", "2026-11-10T10:00:00Z")).append('\n');
      events.append(event("other-" + i, "acct-" + i, "3", "2026-11-10T09:00:00Z")).append('\n');
      events.append(event("dup", "acct-" + i, "7", "2026-11-10T10:00:00Z")).append('\n');
    }
    Files.writeString(dir.resolve("accounts.jsonl"), accounts);
    Path file = Files.writeString(dir.resolve("events.jsonl"), events);

    List<String> outputs = new ArrayList<>();
    for (int run = 0; run < 2; run++) {
      Path out = dir.resolve("out-" + run);
      assertThat(
              new CommandLine(new RateCommand())
                  .execute(
                      "--rules",
                      dir.resolve("rules").toString(),
                      "--accounts",
                      dir.resolve("accounts.jsonl").toString(),
                      "--events",
                      file.toString(),
                      "--out",
                      out.toString()))
          .isZero();
      List<String> charges = new ArrayList<>(Files.readAllLines(out.resolve("charges.jsonl")));
      charges.sort(null);
      List<String> rejected =
          new ArrayList<>(
              Files.readAllLines(out.resolve("rejected.jsonl")).stream()
                  .map(l -> l.replaceAll("\"rejected_at\":[^,}]*", ""))
                  .toList());
      rejected.sort(null);
      outputs.add(String.join("\n", charges) + "\n--\n" + String.join("\n", rejected));
    }
    assertThat(outputs.get(1)).isEqualTo(outputs.get(0));

    OfflineRating.Result r = rate(file);
    // the first copy (quantity 1, 0.10) is charged in every account; the third line is DUPLICATE
    assertThat(r.charges())
        .filteredOn(c -> c.getEventId().equals("dup"))
        .hasSize(20)
        .allSatisfy(c -> assertThat(c.getAmountMinor()).isEqualTo(10L));
    assertThat(r.rejected())
        .hasSize(20)
        .allSatisfy(
            e -> {
              assertThat(e.getReasonCode()).isEqualTo("DUPLICATE");
              assertThat(e.getSourceOffset() % 3).isZero();
              assertThat(e.getMessage()).contains("repeats line " + (e.getSourceOffset() - 2));
            });
  }

  @Test
  void anEmptyOrAllBadEventsFileIsReportedNotACrash() throws Exception {
    Path empty = Files.writeString(dir.resolve("empty.jsonl"), "");
    OfflineRating.Result none = rate(empty);
    assertThat(none.charges()).isEmpty();
    assertThat(none.rejected()).isEmpty();

    Path bad = Files.writeString(dir.resolve("bad.jsonl"), "not json\n\n{\"event_id\":1}\n");
    OfflineRating.Result allBad = rate(bad);
    assertThat(allBad.charges()).isEmpty();
    assertThat(reasonsByLine(allBad))
        .containsExactlyInAnyOrderEntriesOf(Map.of("line 1", "MALFORMED", "line 3", "MALFORMED"));

    Path out = dir.resolve("out");
    assertThat(
            new CommandLine(new RateCommand())
                .execute(
                    "--rules",
                    dir.resolve("rules").toString(),
                    "--accounts",
                    dir.resolve("accounts.jsonl").toString(),
                    "--events",
                    bad.toString(),
                    "--out",
                    out.toString()))
        .isZero();
    assertThat(Files.readAllLines(out.resolve("rejected.jsonl"))).hasSize(2);
    assertThat(Files.readAllLines(out.resolve("charges.jsonl"))).isEmpty();
  }

  private record Run(int code, String out, String err) {}

  private static Run run(String... args) {
    PrintStream stdout = System.out;
    PrintStream stderr = System.err;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
      int code = new CommandLine(new RateCommand()).execute(args);
      return new Run(
          code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(stdout);
      System.setErr(stderr);
    }
  }

  @Test
  void aMissingFileIsOneClearLineAndANonZeroExit() {
    Run r =
        run(
            "--rules",
            dir.resolve("rules").toString(),
            "--accounts",
            dir.resolve("accounts.jsonl").toString(),
            "--events",
            dir.resolve("nope.jsonl").toString(),
            "--out",
            dir.resolve("out").toString());
    assertThat(r.code()).isNotZero();
    assertThat(r.err())
        .isEqualTo(
            "rate: events file "
                + dir.resolve("nope.jsonl")
                + " does not exist; check the path"
                + System.lineSeparator());

    Run rules =
        run(
            "--rules",
            dir.resolve("no-rules").toString(),
            "--accounts",
            dir.resolve("accounts.jsonl").toString(),
            "--events",
            dir.resolve("nope.jsonl").toString(),
            "--out",
            dir.resolve("out").toString());
    assertThat(rules.code()).isNotZero();
    assertThat(rules.err().lines())
        .singleElement()
        .asString()
        .startsWith("rate: rules ")
        .doesNotContain("Exception");
  }

  @Test
  void anOutThatNamesAFileFailsBeforeAnythingIsRated() throws Exception {
    Path file = Files.writeString(dir.resolve("taken"), "x");
    // invalid rules: had rating started first, this would be the error reported
    Files.writeString(dir.resolve("rules/broken.yaml"), "id: [");
    Run r =
        run(
            "--rules",
            dir.resolve("rules").toString(),
            "--accounts",
            dir.resolve("accounts.jsonl").toString(),
            "--events",
            dir.resolve("accounts.jsonl").toString(),
            "--out",
            file.toString());
    assertThat(r.code()).isNotZero();
    assertThat(r.err()).startsWith("rate: --out " + file + " is an existing file");
    assertThat(Files.readString(file)).isEqualTo("x");
  }

  @Test
  void theHundredYearsOfLatenessAreInTheHelp() {
    Run r = run("--help");
    assertThat(r.out()).contains("100 years").contains("TOO_LATE").contains("DUPLICATE");
  }
}
