package io.rateflow.job.types;

import io.rateflow.avro.AccountProfile;
import io.rateflow.avro.AccountStatus;
import io.rateflow.avro.ActivityEvent;
import io.rateflow.avro.BalanceCommand;
import io.rateflow.avro.BalanceCommandType;
import io.rateflow.avro.BalanceGrantKind;
import io.rateflow.avro.EstimateRequest;
import io.rateflow.avro.Inbound;
import io.rateflow.avro.UnitChangeState;
import io.rateflow.avro.UsageState;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Typical and edge-case records for the serializer tests: every payload, nulls, big and negative
 * decimals.
 */
final class Records {
  private Records() {}

  static ActivityEvent event() {
    return ActivityEvent.newBuilder()
        .setEventId("evt-000000123456")
        .setAccountId("acc-00042")
        .setMeter("api_calls")
        .setQuantity(new BigDecimal("12.500000"))
        .setEventTime(Instant.parse("2026-11-01T10:00:00.123Z"))
        .setAttributes(Map.of("region", "eu-west", "tier", "gold"))
        .setValue(null)
        .setUnitPrice(null)
        .setSource("gateway")
        .build();
  }

  static ActivityEvent oddEvent() {
    return ActivityEvent.newBuilder()
        .setEventId("évènement-✓-𝄞")
        .setAccountId("acc-ü")
        .setMeter("tokens")
        .setQuantity(new BigDecimal("-123456789012345678901234.567890"))
        .setEventTime(Instant.ofEpochMilli(-1))
        .setAttributes(Map.of())
        .setValue(new BigDecimal("0.000001"))
        .setUnitPrice(new BigDecimal("99999999999999999.999999"))
        .setSource("")
        .build();
  }

  static AccountProfile profile() {
    return AccountProfile.newBuilder()
        .setAccountId("acc-00042")
        .setPlan("pro")
        .setSegment("smb")
        .setCurrency("EUR")
        .setStatus(AccountStatus.SUSPENDED)
        .setTimeZone("Europe/Berlin")
        .setGlCustomerCode("C-42")
        .setLegalEntity("RF-DE")
        .setRegion("eu")
        .setPrepaidOnly(true)
        .setCreditLimitMinor(-5_000_000_000L)
        .setEffectiveTime(Instant.parse("2026-01-01T00:00:00Z"))
        .build();
  }

  static BalanceCommand command() {
    return BalanceCommand.newBuilder()
        .setCommandId("cmd-1")
        .setAccountId("acc-00042")
        .setType(BalanceCommandType.GRANT)
        .setAmountMinor(0)
        .setCurrency("")
        .setGrantKind(BalanceGrantKind.ALLOWANCE)
        .setGrantId(null)
        .setMeter("api_calls")
        .setUnits("1000")
        .setPriority(-3)
        .setExpiry(Instant.parse("2027-01-01T00:00:00Z"))
        .setSource("promo")
        .setReason("welcome")
        .setIssuedAt(Instant.parse("2026-11-01T00:00:00Z"))
        .build();
  }

  static BalanceCommand topUp() {
    return BalanceCommand.newBuilder()
        .setCommandId("cmd-2")
        .setAccountId("acc-00042")
        .setType(BalanceCommandType.TOP_UP)
        .setAmountMinor(Long.MAX_VALUE)
        .setCurrency("EUR")
        .setExpiry(null)
        .setIssuedAt(Instant.ofEpochMilli(0))
        .build();
  }

  static EstimateRequest estimate() {
    return EstimateRequest.newBuilder()
        .setRequestId("req-1")
        .setAccountId("acc-00042")
        .setMeter("api_calls")
        .setQuantity(new BigDecimal("3"))
        .setAttributes(Map.of("model", "large"))
        .setValue(new BigDecimal("1.50"))
        .setRequestedAt(Instant.parse("2026-11-01T00:00:00Z"))
        .build();
  }

  static Inbound inbound(Object payload) {
    return Inbound.newBuilder()
        .setAccountId("acc-00042")
        .setPayload(payload)
        .setRaw(ByteBuffer.wrap("{\"raw\":true}".getBytes(StandardCharsets.UTF_8)))
        .setSourceTopic("activity-events")
        .setSourcePartition(7)
        .setSourceOffset(123_456_789_012L)
        .setIngestedAt(1_793_000_000_000L)
        .setHeldSince(0)
        .build();
  }

  static UsageState usage() {
    return new UsageState(
        "2026-11", "1234.500000", List.of("u1", "u2", "ü3"), 0L, 0L, null, List.of());
  }

  /** A recurring item: negative, big and fractional counts, an epoch-negative instant. */
  static UsageState recurringUsage() {
    return new UsageState(
        "2026-11",
        "-2",
        List.of(),
        Long.MAX_VALUE,
        -123_456_789_012L,
        "12345678901234567890.5",
        List.of(
            new UnitChangeState(1_793_000_000_000L, "3"),
            new UnitChangeState(-1L, "-14.5"),
            new UnitChangeState(0L, "0")));
  }
}
