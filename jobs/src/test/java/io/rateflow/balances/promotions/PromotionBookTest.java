package io.rateflow.balances.promotions;

import static org.assertj.core.api.Assertions.assertThat;

import io.rateflow.balances.AccountMode;
import io.rateflow.balances.CommandRejectionReason;
import io.rateflow.balances.CommandResult;
import io.rateflow.balances.DeterministicId;
import io.rateflow.balances.Grant;
import io.rateflow.balances.GrantKind;
import io.rateflow.balances.Wallet;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Currency;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The shipped promotions against facts. */
class PromotionBookTest {
  static final Instant MAR_1 = Instant.parse("2026-03-01T00:00:00Z");
  static PromotionBook book;

  @BeforeAll
  static void load() throws Exception {
    book = PromotionDocuments.loadDirectory(PromotionDocumentsTest.EXAMPLES);
  }

  @Test
  void aLargeTopUpEarnsABonusGrantedExactlyOnce() {
    PromotionActions actions =
        book.evaluate(new PromotionFact.ToppedUp("acct-1", "tu-9", 5555, "EUR", MAR_1));

    String id = DeterministicId.of("acct-1", "promotion-grant", "top-up-bonus-50", "top-up:tu-9");
    assertThat(actions.offers()).isEmpty();
    assertThat(actions.grants())
        .containsExactly(
            Grant.money(
                id,
                MAR_1,
                GrantKind.PROMOTIONAL,
                555,
                "EUR",
                20,
                MAR_1.plus(Duration.ofDays(90)),
                "promotion:top-up-bonus-50"));

    Wallet w = Wallet.open("acct-1", Currency.getInstance("EUR"), AccountMode.PREPAID_ONLY);
    CommandResult first = w.apply(actions.grants().get(0));
    // the same fact again (a replay): the same command id, so the wallet refuses the repeat
    Grant again =
        book.evaluate(new PromotionFact.ToppedUp("acct-1", "tu-9", 5555, "EUR", MAR_1))
            .grants()
            .get(0);
    CommandResult second = first.wallet().apply(again);
    assertThat(first).isInstanceOf(CommandResult.Applied.class);
    assertThat(((CommandResult.Rejected) second).rejection().reason())
        .isEqualTo(CommandRejectionReason.DUPLICATE_COMMAND);
    assertThat(second.wallet().snapshot(MAR_1).promotionalMinor()).isEqualTo(555);
  }

  @Test
  void smallTopUpsOtherCurrenciesAndEndedPromotionsEarnNothing() {
    assertThat(book.evaluate(new PromotionFact.ToppedUp("a", "t", 4999, "EUR", MAR_1)).isEmpty())
        .isTrue();
    assertThat(book.evaluate(new PromotionFact.ToppedUp("a", "t", 9000, "USD", MAR_1)).isEmpty())
        .isTrue();
    assertThat(
            book.evaluate(
                    new PromotionFact.ToppedUp(
                        "a", "t", 9000, "EUR", Instant.parse("2027-01-01T00:00:00Z")))
                .isEmpty())
        .isTrue();
  }

  @Test
  void firstUseOfAProductGrantsWelcomeCredit() {
    Instant at = Instant.parse("2026-03-05T10:00:00Z");

    PromotionActions actions = book.evaluate(new PromotionFact.FirstUse("acct-1", "api_calls", at));

    assertThat(actions.grants())
        .singleElement()
        .satisfies(
            g -> {
              assertThat(g.commandId())
                  .isEqualTo(
                      DeterministicId.of(
                          "acct-1", "promotion-grant", "welcome-api-calls", "first-use:api_calls"));
              assertThat(g.amountMinor()).isEqualTo(500);
              assertThat(g.priority()).isEqualTo(10);
              assertThat(g.expiry()).isEqualTo(at.plus(Duration.ofDays(30)));
              assertThat(g.source()).isEqualTo("promotion:welcome-api-calls");
            });
    assertThat(book.evaluate(new PromotionFact.FirstUse("acct-1", "sms", at)).isEmpty()).isTrue();
  }

  @Test
  void usageAboveAThresholdOffersACouponOncePerPeriod() {
    Instant period = Instant.parse("2026-03-01T00:00:00Z");

    PromotionActions crossed = book.evaluate(usage(period, "99000", "100500"));
    assertThat(crossed.grants()).isEmpty();
    assertThat(crossed.offers())
        .singleElement()
        .satisfies(
            o -> {
              assertThat(o.coupon()).isEqualTo("SCALE20");
              assertThat(o.ruleId()).isEqualTo("scale-up-offer");
              assertThat(o.period()).isEqualTo("2026-03-01T00:00:00Z");
              assertThat(o.id())
                  .isEqualTo(
                      DeterministicId.of(
                          "acct-1", "promotion-offer", "scale-up-offer", "2026-03-01T00:00:00Z"));
            });
    assertThat(book.evaluate(usage(period, "100500", "101000")).isEmpty())
        .isTrue(); // already above
    assertThat(book.evaluate(usage(period, "0", "100000")).isEmpty()).isTrue(); // not above yet

    Instant april = Instant.parse("2026-04-01T00:00:00Z");
    assertThat(book.evaluate(usage(april, "100000", "100001")).offers())
        .singleElement()
        .extracting(PromotionOffer::id)
        .isNotEqualTo(crossed.offers().get(0).id());
  }

  private static PromotionFact usage(Instant periodStart, String before, String after) {
    return new PromotionFact.UsageAggregate(
        "acct-1",
        "api_calls",
        periodStart,
        new BigDecimal(before),
        new BigDecimal(after),
        periodStart.plus(Duration.ofDays(3)));
  }
}
