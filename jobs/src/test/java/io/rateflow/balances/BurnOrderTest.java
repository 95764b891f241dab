package io.rateflow.balances;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class BurnOrderTest {

  @Test
  void parsesAndPrintsThePlanSetting() {
    BurnOrder order = BurnOrder.parse(" Priority, expiry ,promotional-first");

    assertThat(order.keys())
        .containsExactly(
            BurnOrder.Key.PRIORITY, BurnOrder.Key.EXPIRY, BurnOrder.Key.PROMOTIONAL_FIRST);
    assertThat(BurnOrder.parse(order.toString())).isEqualTo(order);
    assertThat(BurnOrder.DEFAULT.toString()).isEqualTo("priority,expiry,created");
  }

  @Test
  void unknownKeysAndContradictionsAreExplained() {
    assertThatThrownBy(() -> BurnOrder.parse("priority,cheapest"))
        .hasMessage(
            "unknown burn order key 'cheapest' in 'priority,cheapest'; expected some of"
                + " [priority, expiry, created, promotional_first, prepaid_first]");
    assertThatThrownBy(
            () ->
                new BurnOrder(
                    List.of(BurnOrder.Key.PREPAID_FIRST, BurnOrder.Key.PROMOTIONAL_FIRST)))
        .hasMessageContaining("both");
  }
}
