package io.rateflow.balances;

import static io.rateflow.balances.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/** The state form round-trips, and keeps the "well under 1 KiB per account" promise of docs/balances.md. */
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
            w = applied(w, new SetCreditLimit(UUID.nameUUIDFromBytes(new byte[] {(byte) i}).toString(),
                    JAN_20.plusSeconds(i), 1000 + i, "EUR"));
        }
        assertThat(w.applied().entries()).hasSize(AppliedCommands.DEFAULT_CAPACITY);

        assertThat(WalletCodec.encode(w).length).isLessThan(1024);
        assertThat(WalletCodec.decode(WalletCodec.encode(w))).isEqualTo(w);
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
        w = applied(w, Grant.money(UUID.randomUUID().toString(), JAN_1, GrantKind.PROMOTIONAL, 500, "EUR", 10,
                FEB_1, "promotion:welcome-api-calls"));
        for (int d = 0; d < 7; d++) {
            w = w.fund(day(3 + d), "api_calls", units("1700.5"), 425, EUR, "e" + d).wallet();
        }
        return w;
    }
}
