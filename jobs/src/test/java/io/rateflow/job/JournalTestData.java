package io.rateflow.job;

import io.rateflow.avro.BalanceMovementRecord;
import io.rateflow.avro.Charge;
import io.rateflow.avro.PricingRule;
import io.rateflow.avro.RuleKind;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/** Charges, movements and the example chart of accounts for the ledger operator tests. */
final class JournalTestData {
  private JournalTestData() {}

  static final Path CHART_FILE =
      Path.of("..", "pricing-rules", "chart-of-accounts", "rateflow-gl.yaml");

  static String chartDocument() {
    try {
      return Files.readString(CHART_FILE);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static PricingRule chart(String document, long version) {
    return PricingRule.newBuilder()
        .setKind(RuleKind.CHART_OF_ACCOUNTS)
        .setRuleSetId("rateflow-gl")
        .setVersion(version)
        .setEffectiveFrom(Instant.parse("2026-01-01T00:00:00Z"))
        .setDocument(document)
        .setSourceName("rateflow-gl.yaml")
        .setPublishedAt(Instant.EPOCH)
        .setPublishedBy("test")
        .build();
  }

  static Charge.Builder charge(String id, String account, long amountMinor, String eventTime) {
    return Charge.newBuilder()
        .setChargeId(id)
        .setEventId("ev-" + id)
        .setAccountId(account)
        .setMeter("api_calls")
        .setQuantity(new BigDecimal("1.000000"))
        .setAmountMinor(amountMinor)
        .setCurrency("USD")
        .setCurrencyDigits(2)
        .setRuleSetId("usd")
        .setRuleVersion(1L)
        .setPriceModel("per_unit")
        .setBillingPeriod("2026-11")
        .setBreakdown(List.of())
        .setPlan("payg")
        .setSegment("smb")
        .setFundingSource("ON_ACCOUNT")
        .setFundingGrantId(null)
        .setStatus("BILLED")
        .setEventTime(Instant.parse(eventTime))
        .setRatedAt(Instant.EPOCH)
        .setIngestedAt(Instant.EPOCH)
        .setLegalEntity("RF-US")
        .setRegion("us")
        .setGlCustomerCode("C-" + account);
  }

  static BalanceMovementRecord.Builder movement(
      String id, String account, String kind, String grantKind, long amount, String at) {
    return BalanceMovementRecord.newBuilder()
        .setMovementId(id)
        .setAccountId(account)
        .setKind(kind)
        .setGrantId("g-1")
        .setGrantKind(grantKind)
        .setAmountMinor(amount)
        .setUnits("0")
        .setCurrency("USD")
        .setCurrencyDigits(2)
        .setAt(Instant.parse(at))
        .setCause("cmd-" + id)
        .setLegalEntity("RF-US")
        .setGlCustomerCode("C-" + account)
        .setRegion("us");
  }
}
