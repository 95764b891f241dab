package io.rateflow.balances;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Which accounts pay from a wallet before anything was granted to them. */
class AccountModeTest {

  @Test
  void theProfilesFlagChoosesTheMode() {
    assertThat(AccountMode.of(true)).isEqualTo(AccountMode.PREPAID_ONLY);
    assertThat(AccountMode.of(false)).isEqualTo(AccountMode.POSTPAID);
  }

  @Test
  void onlyPrepaidOnlyAccountsNeedAWalletFromTheStart() {
    assertThat(AccountMode.PREPAID_ONLY.needsWallet()).isTrue();
    // most postpaid accounts never hold a grant: their charges skip the wallet entirely
    assertThat(AccountMode.POSTPAID.needsWallet()).isFalse();
  }
}
