package io.rateflow.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.rateflow.avro.Charge;
import io.rateflow.avro.RejectedEvent;
import io.rateflow.cli.offline.OfflineRating;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ./rateflow rate}: the streaming pipeline in BATCH mode over JSON Lines files. */
class OfflineRatingITCase {
  @TempDir Path dir;

  @Test
  void filesAreRatedByTheSamePipelineWithExactAmountsAndEveryLineAccountedFor() throws Exception {
    Files.createDirectories(dir.resolve("rules"));
    Files.writeString(dir.resolve("rules/usd-v1.yaml"), RatingJobITCase.USD_V1);
    Files.writeString(dir.resolve("rules/usd-v2.yaml"), RatingJobITCase.USD_V2);
    Files.writeString(
        dir.resolve("accounts.jsonl"),
        """
        {"account_id":"A","plan":"payg","segment":"smb","currency":"USD"}
        {"account_id":"S","currency":"USD","status":"SUSPENDED"}
        """);
    Files.writeString(
        dir.resolve("events.jsonl"),
        """
        {"event_id":"e1","account_id":"A","meter":"api_calls","quantity":"60","event_time":"2026-11-10T10:00:00Z"}
        {"event_id":"e2","account_id":"A","meter":"api_calls","quantity":60,"event_time":"2026-11-11T10:00:00Z"}
        {"event_id":"e3","account_id":"A","meter":"api_calls","quantity":"10","event_time":"2026-11-16T10:00:00Z"}
        {"event_id":"e4","account_id":"A","meter":"storage_gb","quantity":"1.5","event_time":"2026-11-10T10:00:00Z"}
        {"event_id":"e5","account_id":"S","meter":"api_calls","quantity":"1","event_time":"2026-11-10T10:00:00Z"}
        {"event_id":"e6","account_id":"nobody","meter":"api_calls","quantity":"1","event_time":"2026-11-10T10:00:00Z"}
        {"event_id":"e7","account_id":"A","meter":"api_calls","quantity":"0.0000001","event_time":"2026-11-10T10:00:00Z"}
        this is not json
        """);

    OfflineRating.Result r =
        OfflineRating.rate(
            dir.resolve("rules"), dir.resolve("accounts.jsonl"), dir.resolve("events.jsonl"), 2);

    Map<String, Long> amounts =
        r.charges().stream().collect(Collectors.toMap(Charge::getEventId, Charge::getAmountMinor));
    // events of one account are rated in event-time order in BATCH mode, like a re-rating of the
    // past
    assertThat(amounts)
        .containsExactlyInAnyOrderEntriesOf(Map.of("e1", 600L, "e2", 500L, "e3", 80L, "e4", 3L));
    Map<String, String> reasons =
        r.rejected().stream()
            .collect(
                Collectors.toMap(
                    e -> e.getEventId() == null ? "line " + e.getSourceOffset() : e.getEventId(),
                    RejectedEvent::getReasonCode));
    assertThat(reasons)
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "e5",
                "ACCOUNT_SUSPENDED",
                "e6",
                "UNKNOWN_ACCOUNT",
                "line 7",
                "MALFORMED",
                "line 8",
                "MALFORMED"));
    assertThat(r.charges().size() + r.rejected().size()).isEqualTo(8);
  }

  @Test
  void reRatingAPastPeriodWithCorrectedRulesBooksOnlyTheDifferences() throws Exception {
    Files.createDirectories(dir.resolve("old"));
    Files.createDirectories(dir.resolve("corrected"));
    Files.writeString(dir.resolve("old/usd.yaml"), RatingJobITCase.USD_V1);
    // the api_calls price was wrong: 0.12, not 0.10, for the first 100 calls
    Files.writeString(
        dir.resolve("corrected/usd.yaml"),
        RatingJobITCase.USD_V1
            .replace("version: 1", "version: 2")
            .replace("unit_price: 0.10", "unit_price: 0.12"));
    Files.writeString(
        dir.resolve("accounts.jsonl"),
        """
        {"account_id":"A","currency":"USD","legal_entity":"RF-US","gl_customer_code":"C-A","region":"us"}
        """);
    Files.writeString(
        dir.resolve("events.jsonl"),
        """
        {"event_id":"e1","account_id":"A","meter":"api_calls","quantity":"60","event_time":"2026-11-10T10:00:00Z"}
        {"event_id":"e2","account_id":"A","meter":"storage_gb","quantity":"2","event_time":"2026-11-10T11:00:00Z"}
        """);
    String chart = Path.of("..", "pricing-rules", "chart-of-accounts").toString();
    int first =
        new picocli.CommandLine(new io.rateflow.cli.offline.RateCommand())
            .execute(
                "--rules",
                dir.resolve("old").toString(),
                "--accounts",
                dir.resolve("accounts.jsonl").toString(),
                "--events",
                dir.resolve("events.jsonl").toString(),
                "--out",
                dir.resolve("out1").toString());
    int second =
        new picocli.CommandLine(new io.rateflow.cli.offline.RateCommand())
            .execute(
                "--rules",
                dir.resolve("corrected").toString(),
                "--accounts",
                dir.resolve("accounts.jsonl").toString(),
                "--events",
                dir.resolve("events.jsonl").toString(),
                "--out",
                dir.resolve("out2").toString(),
                "--previous",
                dir.resolve("out1/charges.jsonl").toString(),
                "--chart-of-accounts",
                chart,
                "--revision",
                "usd-v2");
    assertThat(first).isZero();
    assertThat(second).isZero();

    var json = new com.fasterxml.jackson.databind.ObjectMapper();
    java.util.List<com.fasterxml.jackson.databind.JsonNode> adjustments =
        new java.util.ArrayList<>();
    for (String line : Files.readAllLines(dir.resolve("out2/adjustments.jsonl"))) {
      adjustments.add(json.readTree(line));
    }
    // e1: 60 × 0.12 − 60 × 0.10 = 1.20 more; e2 (storage, unchanged price) needs no entry
    assertThat(adjustments)
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.get("kind").asText()).isEqualTo("RERATE_ADJUSTMENT");
              assertThat(e.get("lines"))
                  .extracting(
                      l ->
                          l.get("role").asText()
                              + " "
                              + l.get("debit").asText()
                              + "/"
                              + l.get("credit").asText())
                  .containsExactlyInAnyOrder(
                      "RECEIVABLE_UNBILLED 1.20/0.00", "USAGE_REVENUE 0.00/1.20");
            });
  }
}
