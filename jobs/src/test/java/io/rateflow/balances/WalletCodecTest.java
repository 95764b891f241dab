package io.rateflow.balances;

import static io.rateflow.balances.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.HexFormat;
import java.util.UUID;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/**
 * The state form round-trips, and keeps the "well under 1 KiB per account" promise of
 * docs/balances.md.
 */
class WalletCodecTest {

  @Test
  void aTypicalAccountIsAFewHundredBytes() {
    Wallet w = typical();

    byte[] bytes = WalletCodec.encode(w);

    assertThat(WalletCodec.decode(bytes)).isEqualTo(w);
    assertThat(bytes.length).as("typical account state").isLessThan(512);
  }

  @Test
  void aFullCommandMemoryStillFitsInOneKibibyte() {
    Wallet w = typical();
    for (int i = 0; i < 20; i++) {
      // UUID command ids, the longest we expect from producers
      w =
          applied(
              w,
              new SetCreditLimit(
                  UUID.nameUUIDFromBytes(new byte[] {(byte) i}).toString(),
                  JAN_20.plusSeconds(i),
                  1000 + i,
                  "EUR"));
    }
    assertThat(w.applied().entries()).hasSize(AppliedCommands.DEFAULT_CAPACITY);

    assertThat(WalletCodec.encode(w).length).isLessThan(1024);
    assertThat(WalletCodec.decode(WalletCodec.encode(w))).isEqualTo(w);
  }

  /**
   * The layout is pinned: checkpoints and savepoints written by this version must decode in every
   * later one. A change of these bytes needs a new {@link WalletCodec#VERSION} with a branch that
   * still reads version 1 (and this test keeps checking that branch).
   */
  @Test
  void versionOneBytesArePinned() {
    Wallet w = pinned();

    assertThat(HexFormat.of().formatHex(WalletCodec.encode(w))).isEqualTo(PINNED_V1);
    assertThat(WalletCodec.decode(HexFormat.of().parseHex(PINNED_V1))).isEqualTo(w);
  }

  static final String PINNED_V1 =
      "010006616363742d3100034555520100177072696f726974792c6578706972792c63726561746564882700904e060200"
          + "08706c616e2d70726f0080e4ad950d000080e4ad950d000004706c616e00096170695f63616c6c730004271080e4ad95"
          + "0d00000350314d00015a80e4ad950d0004060f4240000200000008746f702d75702d31c80180e4ad950d000080e4ad95"
          + "0d000006746f702d7570904e904e01000777656c636f6d651480e4ad950d000180def4970d0080e4ad950d00001b7072"
          + "6f6d6f74696f6e3a77656c636f6d652d6170692d63616c6c73e807be04108092f10280c89b930d0008000c636d642d70"
          + "6c616e2d70726f80e4ad950d000008746f702d75702d3180e4ad950d00000777656c636f6d6580e4ad950d0000076c69"
          + "6d69742d3180da8c960d00d6bf020000000000aa0300";

  /** A wallet touching every part of the layout, built from fixed values only. */
  private static Wallet pinned() {
    Wallet w = withAllowance(prepaidOnly(), "plan-pro", "api_calls", "10000", JAN_1);
    w = applied(w, new TopUp("top-up-1", JAN_1, 5000, "EUR", 100, null));
    w =
        applied(
            w,
            Grant.money(
                "welcome",
                JAN_1,
                GrantKind.PROMOTIONAL,
                500,
                "EUR",
                10,
                FEB_1,
                "promotion:welcome-api-calls"));
    w = applied(w, new SetCreditLimit("limit-1", JAN_10, 2500, "EUR"));
    for (int d = 0; d < 3; d++) {
      w = w.fund(day(3 + d), "api_calls", units("4000.25"), 425, EUR, "e" + d).wallet();
    }
    return w;
  }

  @Property(tries = 200)
  void everyWalletRoundTrips(@ForAll("scenarios") WalletProperties.Scenario s) {
    Wallet after = s.wallet().fund(s.at(), s.meter(), s.quantity(), s.charge(), EUR, "u").wallet();

    assertThat(WalletCodec.decode(WalletCodec.encode(after))).isEqualTo(after);
  }

  @Provide
  Arbitrary<WalletProperties.Scenario> scenarios() {
    return new WalletProperties().scenarios();
  }

  /** A plan allowance, a paid top-up, a welcome credit, a few commands and a week of usage. */
  private static Wallet typical() {
    Wallet w = withAllowance(prepaidOnly(), "plan-pro", "api_calls", "10000", JAN_1);
    w = applied(w, new TopUp(UUID.randomUUID().toString(), JAN_1, 5000, "EUR", 100, null));
    w =
        applied(
            w,
            Grant.money(
                UUID.randomUUID().toString(),
                JAN_1,
                GrantKind.PROMOTIONAL,
                500,
                "EUR",
                10,
                FEB_1,
                "promotion:welcome-api-calls"));
    for (int d = 0; d < 7; d++) {
      w = w.fund(day(3 + d), "api_calls", units("1700.5"), 425, EUR, "e" + d).wallet();
    }
    return w;
  }
}
