package io.rateflow.cli.io;

import static org.assertj.core.api.Assertions.assertThat;

import io.rateflow.avro.AccountProfile;
import io.rateflow.avro.ActivityEvent;
import io.rateflow.avro.BalanceCommand;
import io.rateflow.avro.BalanceCommandType;
import io.rateflow.avro.BalanceGrantKind;
import io.rateflow.avro.EstimateRequest;
import io.rateflow.cli.Main;
import io.rateflow.schema.AvroCodec;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** What {@code send} accepts, what it refuses and how it says so, before any Kafka is involved. */
class CheckedFileTest {
  static final Instant NOW = Instant.parse("2026-12-02T10:00:00Z");

  @TempDir Path dir;

  @Test
  void eventsAreReadExactlyAndKeyedByAccount() throws Exception {
    Path f =
        Files.writeString(
            dir.resolve("events.jsonl"),
            """
        {"event_id":"e1","account_id":"A","meter":"api_calls","quantity":"0.000001","event_time":"2026-11-30T12:00:00Z","attributes":{"region":"eu"}}

        {"event_id":"e2","account_id":"B","meter":"api_calls","quantity":12.5,"event_time":"2026-11-30T12:00:01Z","value":"99999999999999999.99"}
        """);
    CheckedFile c = CheckedFile.read(f, InputKind.EVENTS, NOW);

    assertThat(c.bad()).isEmpty();
    assertThat(c.blank()).isEqualTo(1);
    assertThat(c.good())
        .extracting(CheckedFile.Good::line, CheckedFile.Good::key)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(1, "A"),
            org.assertj.core.groups.Tuple.tuple(3, "B"));
    AvroCodec<ActivityEvent> codec = AvroCodec.of(ActivityEvent.class);
    ActivityEvent first = codec.decode(c.good().get(0).value());
    ActivityEvent second = codec.decode(c.good().get(1).value());
    assertThat(first.getQuantity()).isEqualByComparingTo("0.000001");
    assertThat(first.getAttributes()).containsEntry("region", "eu");
    assertThat(second.getQuantity()).isEqualTo(new BigDecimal("12.500000"));
    assertThat(second.getValue()).isEqualByComparingTo("99999999999999999.99");
  }

  @Test
  void cloudEventLinesGoOnTheWireAsTheJsonTheyAreAndBadOnesAreRefusedByTheJobsReader()
      throws Exception {
    String ce =
        "{\"specversion\":\"1.0\",\"id\":\"ce-1\",\"source\":\"/gw\",\"type\":\"io.rateflow.usage\","
            + "\"subject\":\"A\",\"time\":\"2026-11-30T12:00:00+01:00\",\"data\":{\"meter\":\"api_calls\",\"quantity\":\"2.5\"}}";
    String noSubject = ce.replace("\"subject\":\"A\",", "");
    Path f = Files.writeString(dir.resolve("events.jsonl"), ce + "\n" + noSubject + "\n");
    CheckedFile c = CheckedFile.read(f, InputKind.EVENTS, NOW);

    assertThat(c.good())
        .singleElement()
        .satisfies(
            g -> {
              assertThat(g.key()).isEqualTo("A");
              assertThat(new String(g.value(), StandardCharsets.UTF_8)).isEqualTo(ce);
              assertThat(new io.rateflow.rating.CloudEventReader().read(g.value()).getEventTime())
                  .isEqualTo(Instant.parse("2026-11-30T11:00:00Z"));
            });
    assertThat(c.bad()).hasSize(1);
    assertThat(c.bad().get(0)).contains(":2:").contains("CloudEvent").contains("subject");
  }

  @Test
  void everyBadLineIsNamedWithFileLineAndReason() throws Exception {
    Path f = dir.resolve("events.jsonl");
    Files.write(
        f,
        ("""
        {"event_id":"e1","account_id":"A","meter":"m","quantity":"1","event_time":"2026-11-30T12:00:00Z"}
        {"event_id":"e2","account_id":"A","meter":"m","event_time":"2026-11-30T12:00:00Z"}
        {"event_id":"e3","account_id":"A","meter":"m","quantity":"1.0000001","event_time":"2026-11-30T12:00:00Z"}
        {"event_id":"e4","account_id":"A","meter":"m","quantity":"1","event_time":"yesterday"}
        {"event_id":"e5","event_id":"e6"}
        not json
        """)
            .getBytes(StandardCharsets.UTF_8));
    Files.write(
        f, new byte[] {'{', (byte) 0xC3, '}', '\n'}, java.nio.file.StandardOpenOption.APPEND);
    CheckedFile c = CheckedFile.read(f, InputKind.EVENTS, NOW);

    assertThat(c.good()).hasSize(1);
    assertThat(c.bad())
        .containsExactly(
            f + ":2: missing field 'quantity'",
            f
                + ":3: quantity 1.0000001 has more than 6 decimals, which the schema keeps; round it at the source",
            f + ":4: 'yesterday' is not an ISO-8601 instant such as 2026-11-30T12:00:00Z",
            f + ":5: duplicate key 'event_id'",
            f
                + ":6: not valid JSON: Unrecognized token 'not': was expecting (JSON String, Number, Array, Object or token 'null', 'true' or 'false')",
            f + ":7: not valid UTF-8 (save the file as UTF-8)");
  }

  @Test
  void accountsTakeTheShapeRateReads() throws Exception {
    Path f =
        Files.writeString(
            dir.resolve("accounts.jsonl"),
            """
        {"account_id":"A","currency":"USD","plan":"payg","status":"suspended","prepaid_only":true,"credit_limit_minor":500}
        {"account_id":"B","currency":"EUR","status":"GONE"}
        {"account_id":"C","currency":"EUR","prepaid_only":"yes"}
        """);
    CheckedFile c = CheckedFile.read(f, InputKind.ACCOUNTS, NOW);

    AccountProfile a = AvroCodec.of(AccountProfile.class).decode(c.good().get(0).value());
    assertThat(a.getStatus().name()).isEqualTo("SUSPENDED");
    assertThat(a.getTimeZone()).isEqualTo("UTC");
    assertThat(a.getPrepaidOnly()).isTrue();
    assertThat(a.getCreditLimitMinor()).isEqualTo(500L);
    assertThat(c.bad())
        .containsExactly(
            f + ":2: status 'GONE' is not one of [ACTIVE, SUSPENDED, CLOSED]",
            f + ":3: prepaid_only must be true or false, got \"yes\"");
  }

  @Test
  void balanceCommandsMirrorTheAvroFields() throws Exception {
    Path f =
        Files.writeString(
            dir.resolve("commands.jsonl"),
            """
        {"command_id":"c1","account_id":"A","type":"TOP_UP","amount_minor":5000,"currency":"USD","issued_at":"2026-12-01T00:00:00Z"}
        {"command_id":"c2","account_id":"A","type":"grant","grant_kind":"ALLOWANCE","meter":"api_calls","units":"1000.50","priority":5,"expiry":"2027-01-01T00:00:00Z"}
        {"command_id":"c3","account_id":"A","type":"TOP_UP","amount_minor":12.5}
        {"command_id":"c4","account_id":"A","type":"REFUND"}
        """);
    CheckedFile c = CheckedFile.read(f, InputKind.COMMANDS, NOW);
    AvroCodec<BalanceCommand> codec = AvroCodec.of(BalanceCommand.class);

    BalanceCommand topUp = codec.decode(c.good().get(0).value());
    assertThat(topUp.getType()).isEqualTo(BalanceCommandType.TOP_UP);
    assertThat(topUp.getAmountMinor()).isEqualTo(5000L);
    assertThat(topUp.getIssuedAt()).isEqualTo(Instant.parse("2026-12-01T00:00:00Z"));
    BalanceCommand grant = codec.decode(c.good().get(1).value());
    assertThat(grant.getGrantKind()).isEqualTo(BalanceGrantKind.ALLOWANCE);
    assertThat(grant.getUnits()).isEqualTo("1000.5");
    assertThat(grant.getPriority()).isEqualTo(5);
    assertThat(grant.getExpiry()).isEqualTo(Instant.parse("2027-01-01T00:00:00Z"));
    assertThat(grant.getIssuedAt()).isEqualTo(NOW);
    assertThat(c.bad())
        .containsExactly(
            f + ":3: amount_minor '12.5' is not a whole number (minor units)",
            f
                + ":4: type 'REFUND' is not one of [TOP_UP, GRANT, REVOKE, ADJUST, SET_CREDIT_LIMIT]");
  }

  @Test
  void estimateRequestsMirrorTheAvroFields() throws Exception {
    Path f =
        Files.writeString(
            dir.resolve("estimates.jsonl"),
            """
        {"request_id":"r1","account_id":"A","meter":"api_calls","quantity":"250","attributes":{"tier":"gold"}}
        {"request_id":"r2","account_id":"A","quantity":"1"}
        """);
    CheckedFile c = CheckedFile.read(f, InputKind.ESTIMATES, NOW);

    EstimateRequest r = AvroCodec.of(EstimateRequest.class).decode(c.good().get(0).value());
    assertThat(r.getQuantity()).isEqualByComparingTo("250");
    assertThat(r.getAttributes()).isEqualTo(Map.of("tier", "gold"));
    assertThat(r.getRequestedAt()).isEqualTo(NOW);
    assertThat(c.bad()).containsExactly(f + ":2: missing field 'meter'");
  }

  @Test
  void aFileWithABadLineIsRefusedWholeBeforeKafkaIsAsked() throws Exception {
    Path f =
        Files.writeString(
            dir.resolve("events.jsonl"),
            """
        {"event_id":"e1","account_id":"A","meter":"m","quantity":"1","event_time":"2026-11-30T12:00:00Z"}
        {"event_id":"e2","account_id":"A","meter":"m"}
        """);
    StringWriter err = new StringWriter();
    CommandLine cmd = Main.commandLine();
    cmd.setErr(new PrintWriter(err));

    // port 1: nothing listens; the refusal must come before any connection attempt
    int code = cmd.execute("send", "events", f.toString(), "--bootstrap", "127.0.0.1:1");

    assertThat(code).isEqualTo(2);
    assertThat(err.toString())
        .startsWith(f + ":2: missing field 'quantity'")
        .contains("1 of 2 lines of " + f + " are not valid events; nothing sent");
  }

  @Test
  void aMissingFileIsOneLine() {
    StringWriter err = new StringWriter();
    CommandLine cmd = Main.commandLine();
    cmd.setErr(new PrintWriter(err));

    int code =
        cmd.execute(
            "send", "accounts", dir.resolve("none.jsonl").toString(), "--bootstrap", "127.0.0.1:1");

    assertThat(code).isEqualTo(2);
    assertThat(err.toString().strip())
        .isEqualTo(
            "rateflow send: accounts file "
                + dir.resolve("none.jsonl")
                + " does not exist; check the path");
  }
}
