package io.rateflow.cli.offline;

import static org.assertj.core.api.Assertions.assertThat;

import io.rateflow.avro.ActivityEvent;
import io.rateflow.avro.Charge;
import io.rateflow.avro.RejectedEvent;
import io.rateflow.rating.CloudEventWriter;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code rate} reads CloudEvents JSON lines beside its own event lines, so a file moves between
 * batch and stream.
 */
class RateCloudEventsTest {
  @TempDir Path dir;

  @BeforeEach
  void files() throws Exception {
    Files.createDirectories(dir.resolve("rules"));
    Files.writeString(dir.resolve("rules/usd.yaml"), RateDefectsTest.RULES);
    Files.writeString(
        dir.resolve("accounts.jsonl"),
        """
        {"account_id":"A","currency":"USD"}
        {"account_id":"B","currency":"USD"}
        """);
  }

  private static String line(String id, String account, String quantity, String time) {
    return "{\"event_id\":\""
        + id
        + "\",\"account_id\":\""
        + account
        + "\",\"meter\":\"api_calls\",\"quantity\":\""
        + quantity
        + "\",\"event_time\":\""
        + time
        + "\",\"source\":\"/gw\"}";
  }

  private static String cloudEvent(String id, String account, String quantity, String time) {
    return CloudEventWriter.toJsonLine(
        ActivityEvent.newBuilder()
            .setEventId(id)
            .setAccountId(account)
            .setMeter("api_calls")
            .setQuantity(new BigDecimal(quantity).setScale(6))
            .setEventTime(Instant.parse(time))
            .setAttributes(Map.of())
            .setSource("/gw")
            .build());
  }

  private OfflineRating.Result rate(String... lines) throws Exception {
    Path events =
        Files.writeString(
            dir.resolve("events-" + lines.length + ".jsonl"), String.join("\n", lines) + "\n");
    return OfflineRating.rate(dir.resolve("rules"), dir.resolve("accounts.jsonl"), events, 1);
  }

  @Test
  void theSameUsageAsEventLinesAndAsCloudEventsIsChargedTheSame() throws Exception {
    String[][] usage = {
      {"e1", "A", "60", "2026-11-10T10:00:00Z"},
      {"e2", "A", "60.5", "2026-11-11T10:00:00Z"},
      {"e3", "B", "2", "2026-11-10T11:00:00Z"}
    };
    OfflineRating.Result plain =
        rate(
            java.util.Arrays.stream(usage)
                .map(u -> line(u[0], u[1], u[2], u[3]))
                .toArray(String[]::new));
    OfflineRating.Result ce =
        rate(
            java.util.Arrays.stream(usage)
                .map(u -> cloudEvent(u[0], u[1], u[2], u[3]))
                .map(
                    l ->
                        l.replace(
                            "2026-11-10T11:00:00Z",
                            "2026-11-10T12:00:00+01:00")) // any offset, the same instant
                .toArray(String[]::new));
    assertThat(plain.rejected()).isEmpty();
    assertThat(ce.rejected()).isEmpty();
    assertThat(
            ce.charges().stream()
                .collect(Collectors.toMap(Charge::getEventId, Charge::getAmountMinor)))
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "e1", 600L, "e2", 502L, "e3",
                20L)); // round(P(120.5) = 11.025) − 6.00 = 11.02 − 6.00 (HALF_EVEN)
    assertThat(comparable(ce.charges())).isEqualTo(comparable(plain.charges()));
  }

  @Test
  void aBadCloudEventLineIsRejectedWithFileLineAndReasonAndARepeatAcrossFormatsIsADuplicate()
      throws Exception {
    OfflineRating.Result r =
        rate(
            line("e1", "A", "1", "2026-11-10T10:00:00Z"),
            cloudEvent("e1", "A", "1", "2026-11-10T10:00:00Z"),
            cloudEvent("e2", "A", "1", "2026-11-10T10:00:00Z").replace("\"subject\":\"A\",", ""),
            cloudEvent("e3", "A", "1", "2026-11-10T10:00:00Z")
                .replace("\"quantity\":\"1\"", "\"quantity\":\"1.0000001\""),
            cloudEvent("e4", "A", "-1", "2026-11-10T10:00:00Z"));
    assertThat(r.charges()).extracting(Charge::getEventId).containsExactly("e1");
    Map<Long, RejectedEvent> byLine =
        r.rejected().stream().collect(Collectors.toMap(RejectedEvent::getSourceOffset, x -> x));
    assertThat(byLine).containsOnlyKeys(2L, 3L, 4L, 5L);
    assertThat(byLine.get(2L).getReasonCode()).isEqualTo("DUPLICATE");
    assertThat(byLine.get(3L).getReasonCode()).isEqualTo("MALFORMED");
    assertThat(byLine.get(3L).getMessage())
        .endsWith(
            ".jsonl:3: not a valid CloudEvent: no subject: the subject carries the account id");
    assertThat(byLine.get(4L).getMessage())
        .endsWith(
            ".jsonl:4: not a valid CloudEvent: quantity 1.0000001 has more than 6 "
                + "decimals, which the schema keeps; round it at the source (event e3)");
    assertThat(byLine.get(5L).getReasonCode()).isEqualTo("INVALID_QUANTITY");
    // the original line, as for every rejected line
    assertThat(
            new String(
                byLine.get(3L).getPayload().array(), java.nio.charset.StandardCharsets.UTF_8))
        .isEqualTo(
            cloudEvent("e2", "A", "1", "2026-11-10T10:00:00Z").replace("\"subject\":\"A\",", ""));
  }

  private static List<Charge> comparable(List<Charge> charges) {
    return charges.stream()
        .map(
            c ->
                Charge.newBuilder(c).setRatedAt(Instant.EPOCH).setIngestedAt(Instant.EPOCH).build())
        .sorted(Comparator.comparing(Charge::getChargeId))
        .toList();
  }
}
