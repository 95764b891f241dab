package io.rateflow.pricing;

import static io.rateflow.pricing.Fixtures.account;
import static io.rateflow.pricing.Fixtures.parse;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class PriceBookTest {
  private static final AccountContext SMB = account("acc-1", "pro", "smb", "USD");
  private static final AccountContext ENTERPRISE = account("acc-2", "pro", "enterprise", "USD");
  private static final AccountContext VIP = account("acc-vip", "pro", "enterprise", "USD");

  private static RuleSet rules(
      String id, long version, String from, String to, String audience, String meters) {
    return parse(
        "id: "
            + id
            + "\nversion: "
            + version
            + "\neffective_from: "
            + from
            + "\n"
            + (to == null ? "" : "effective_to: " + to + "\n")
            + "currency: USD\n"
            + (audience == null ? "" : "applies_to: " + audience + "\n")
            + "meters:\n"
            + meters);
  }

  private static String meter(String name, String price) {
    return "  "
        + name
        + ":\n    unit: u\n    aggregation: sum\n    price: { model: per_unit, unit_price: "
        + price
        + " }\n";
  }

  private static Instant t(String instant) {
    return Instant.parse(instant);
  }

  @Test
  void aNewVersionTakesOverAtItsEffectiveTime() {
    PriceBook book = new PriceBook();
    RuleSet v1 = rules("public", 1, "2026-01-01T00:00:00Z", null, null, meter("calls", "1"));
    RuleSet v2 = rules("public", 2, "2026-03-01T00:00:00Z", null, null, meter("calls", "2"));
    book.add(v2);
    book.add(v1);
    assertThat(book.select(SMB, "calls", t("2026-02-28T23:59:59.999Z"))).containsSame(v1);
    assertThat(book.select(SMB, "calls", t("2026-03-01T00:00:00Z"))).containsSame(v2);
    // a late event is priced by the version in force when it happened
    assertThat(book.select(SMB, "calls", t("2026-01-15T00:00:00Z"))).containsSame(v1);
    assertThat(book.select(SMB, "calls", t("2025-12-31T23:59:59Z"))).isEmpty();
  }

  @Test
  void aFutureDatedVersionDoesNotPriceBeforeItsTime() {
    PriceBook book = new PriceBook();
    RuleSet v1 = rules("public", 1, "2026-01-01T00:00:00Z", null, null, meter("calls", "1"));
    RuleSet future = rules("public", 2, "2027-01-01T00:00:00Z", null, null, meter("calls", "2"));
    book.add(v1);
    book.add(future);
    assertThat(book.select(SMB, "calls", t("2026-06-01T00:00:00Z"))).containsSame(v1);
    assertThat(book.select(SMB, "calls", t("2027-06-01T00:00:00Z"))).containsSame(future);
  }

  @Test
  void anEndedVersionPricesNothingAndDoesNotRevealAnOlderOne() {
    PriceBook book = new PriceBook();
    book.add(rules("promo", 1, "2026-01-01T00:00:00Z", null, null, meter("calls", "1")));
    RuleSet v2 =
        rules(
            "promo", 2, "2026-02-01T00:00:00Z", "2026-03-01T00:00:00Z", null, meter("calls", "2"));
    book.add(v2);
    assertThat(book.select(SMB, "calls", t("2026-02-15T00:00:00Z"))).containsSame(v2);
    assertThat(book.select(SMB, "calls", t("2026-03-01T00:00:00Z"))).isEmpty();
  }

  @Test
  void theSameIdAndVersionReplaces() {
    PriceBook book = new PriceBook();
    book.add(rules("public", 1, "2026-01-01T00:00:00Z", null, null, meter("calls", "1")));
    RuleSet fixed = rules("public", 1, "2026-01-01T00:00:00Z", null, null, meter("calls", "3"));
    book.add(fixed);
    assertThat(book.versions()).containsExactly(fixed);
  }

  @Test
  void aSegmentListWinsWhereItPricesTheMeterAndFallsBackToPublicElsewhere() {
    PriceBook book = new PriceBook();
    RuleSet pub =
        rules(
            "public-usd",
            1,
            "2026-01-01T00:00:00Z",
            null,
            null,
            meter("calls", "1") + meter("sms", "1"));
    RuleSet enterprise =
        rules(
            "enterprise-usd",
            1,
            "2026-01-01T00:00:00Z",
            null,
            "{ segments: [enterprise] }",
            meter("calls", "0.5"));
    book.add(pub);
    book.add(enterprise);
    Instant when = t("2026-05-01T00:00:00Z");
    assertThat(book.select(ENTERPRISE, "calls", when)).containsSame(enterprise);
    assertThat(book.select(ENTERPRISE, "sms", when)).containsSame(pub);
    assertThat(book.select(SMB, "calls", when)).containsSame(pub);
  }

  @Test
  void theMostSpecificListWins_thenTheLatestEffective_thenTheHighestVersion() {
    PriceBook book = new PriceBook();
    RuleSet plan =
        rules("pro", 1, "2026-01-01T00:00:00Z", null, "{ plans: [pro] }", meter("calls", "1"));
    RuleSet segment =
        rules(
            "ent",
            1,
            "2026-01-01T00:00:00Z",
            null,
            "{ segments: [enterprise] }",
            meter("calls", "1"));
    RuleSet accountList =
        rules(
            "vip", 1, "2026-01-01T00:00:00Z", null, "{ accounts: [acc-vip] }", meter("calls", "1"));
    RuleSet laterPublic =
        rules("public-b", 1, "2026-02-01T00:00:00Z", null, null, meter("calls", "1"));
    RuleSet earlierPublic =
        rules("public-a", 7, "2026-01-01T00:00:00Z", null, null, meter("calls", "1"));
    for (RuleSet rs : new RuleSet[] {plan, segment, accountList, laterPublic, earlierPublic}) {
      book.add(rs);
    }
    Instant when = t("2026-05-01T00:00:00Z");
    assertThat(book.select(VIP, "calls", when)).containsSame(accountList);
    assertThat(book.select(ENTERPRISE, "calls", when)).containsSame(segment);
    assertThat(book.select(account("a", "pro", "smb", "USD"), "calls", when)).containsSame(plan);
    assertThat(book.select(account("a", "free", "smb", "USD"), "calls", when))
        .containsSame(laterPublic);
  }

  @Test
  void onlyListsInTheAccountsCurrencyAreSelected() {
    PriceBook book = new PriceBook();
    book.add(rules("public-usd", 1, "2026-01-01T00:00:00Z", null, null, meter("calls", "1")));
    assertThat(book.select(account("e", "pro", "smb", "EUR"), "calls", t("2026-05-01T00:00:00Z")))
        .isEmpty();
  }

  @Test
  void knowsMeterAcrossAllVersions() {
    PriceBook book = new PriceBook();
    book.add(rules("public", 1, "2026-01-01T00:00:00Z", null, null, meter("calls", "1")));
    assertThat(book.knowsMeter("calls")).isTrue();
    assertThat(book.knowsMeter("sms")).isFalse();
  }

  @Test
  void evictionDropsOnlyVersionsThatCanPriceNothingFromTheHorizonOn() {
    PriceBook book = new PriceBook();
    RuleSet v1 = rules("public", 1, "2026-01-01T00:00:00Z", null, null, meter("calls", "1"));
    RuleSet v2 = rules("public", 2, "2026-02-01T00:00:00Z", null, null, meter("calls", "2"));
    RuleSet v3 = rules("public", 3, "2026-03-01T00:00:00Z", null, null, meter("calls", "3"));
    RuleSet ended =
        rules(
            "promo", 1, "2026-01-01T00:00:00Z", "2026-02-01T00:00:00Z", null, meter("calls", "1"));
    for (RuleSet rs : new RuleSet[] {v1, v2, v3, ended}) {
      book.add(rs);
    }
    // at 2026-02-15, v2 is in force: v1 is superseded, v3 is future, promo has ended
    assertThat(book.evictBefore(t("2026-02-15T00:00:00Z"))).containsExactlyInAnyOrder(v1, ended);
    assertThat(book.versions()).containsExactlyInAnyOrder(v2, v3);
    assertThat(book.select(SMB, "calls", t("2026-02-15T00:00:00Z"))).containsSame(v2);
    // exactly at a version's effective time, the one before it is superseded
    assertThat(book.evictBefore(t("2026-03-01T00:00:00Z"))).containsExactly(v2);
    assertThat(book.evictBefore(t("2026-03-01T00:00:00Z"))).isEmpty();
    assertThat(book.versions()).containsExactly(v3);
  }
}
