package io.mihari.dashboard.auth.passkey;

import io.mihari.dashboard.auth.login.SecondFactor;
import io.mihari.dashboard.auth.state.AuthStore;
import io.mihari.dashboard.config.DashboardConfig.Passkeys.UserVerification;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

/** Passkeys as the quick start has them (relying party localhost, origin http://localhost:8080), for plain tests. */
public final class TestPasskeys {

    public static final String ORIGIN = "http://localhost:8080";
    public static final String RP_ID = "localhost";

    private TestPasskeys() {
    }

    public static Passkeys of(AuthStore store, SecondFactor factor, Clock clock) {
        return new Passkeys(store, new PasskeyChallenges(store, PasskeyChallengesTest.KEY, Duration.ofMinutes(5), clock),
                new WebAuthnVerifier(RP_ID, "Mihari", List.of(ORIGIN), UserVerification.PREFERRED), factor, 10, clock);
    }
}
