package io.mihari.dashboard.auth.passkey;

import io.mihari.dashboard.auth.InMemoryAuthStore;
import io.mihari.testsupport.MutableClock;
import io.mihari.dashboard.auth.passkey.PasskeyChallenges.Check;
import io.mihari.dashboard.auth.passkey.PasskeyChallenges.Purpose;
import io.mihari.dashboard.auth.state.SpentChallenge;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;

/** Passkey challenges: made without storing anything, answered once on every instance, within their lifetime. */
class PasskeyChallengesTest {

    static final byte[] KEY = "a-test-key-of-at-least-32-bytes-length".getBytes(StandardCharsets.UTF_8);

    final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T00:00:00Z"));
    final InMemoryAuthStore store = new InMemoryAuthStore();
    final PasskeyChallenges challenges = new PasskeyChallenges(store, KEY, Duration.ofMinutes(5), clock);

    static byte[] bytes(String challenge) {
        return Base64.getUrlDecoder().decode(challenge);
    }

    @Test
    void aLoginChallengeCostsNoWriteAndCarriesAtLeastSixteenRandomBytes() {
        String a = challenges.issue(Purpose.LOGIN, null);
        String b = challenges.issue(Purpose.LOGIN, null);
        assertThat(store.list(SpentChallenge.KIND, SpentChallenge.class, 10)).isEmpty();
        assertThat(bytes(a)).hasSizeGreaterThanOrEqualTo(16);
        assertThat(a).isNotEqualTo(b);
    }

    @Test
    void aChallengeIsAnsweredOnceEvenOnAnotherInstance() {
        String challenge = challenges.issue(Purpose.LOGIN, null);
        PasskeyChallenges other = new PasskeyChallenges(store, KEY, Duration.ofMinutes(5), clock);
        assertThat(other.spend(bytes(challenge), Purpose.LOGIN, null)).isEqualTo(Check.SPENT);
        assertThat(challenges.spend(bytes(challenge), Purpose.LOGIN, null)).isEqualTo(Check.REPLAYED);
        assertThat(other.spend(bytes(challenge), Purpose.LOGIN, null)).isEqualTo(Check.REPLAYED);
    }

    @Test
    void aChallengeExpiresAtTheEndOfItsLifetime() {
        String late = challenges.issue(Purpose.LOGIN, null);
        String onTime = challenges.issue(Purpose.LOGIN, null);
        clock.advance(Duration.ofMinutes(5).minusSeconds(1));
        assertThat(challenges.spend(bytes(onTime), Purpose.LOGIN, null)).isEqualTo(Check.SPENT);
        clock.advance(Duration.ofSeconds(1));
        assertThat(challenges.spend(bytes(late), Purpose.LOGIN, null)).isEqualTo(Check.EXPIRED);
    }

    @Test
    void aRegistrationChallengeHoldsOnlyForItsUserAndPurpose() {
        String challenge = challenges.issue(Purpose.REGISTER, "fujitsu-ops");
        assertThat(challenges.spend(bytes(challenge), Purpose.REGISTER, "ines-ops")).isEqualTo(Check.FORGED);
        assertThat(challenges.spend(bytes(challenge), Purpose.LOGIN, null)).isEqualTo(Check.FORGED);
        assertThat(challenges.spend(bytes(challenges.issue(Purpose.LOGIN, null)), Purpose.REGISTER, "fujitsu-ops"))
                .isEqualTo(Check.FORGED);
        assertThat(challenges.spend(bytes(challenge), Purpose.REGISTER, "fujitsu-ops")).isEqualTo(Check.SPENT);
    }

    @Test
    void aChallengeNotMadeWithTheKeyIsForged() {
        byte[] altered = bytes(challenges.issue(Purpose.LOGIN, null));
        altered[5] ^= 1; // the expiry, moved
        assertThat(challenges.spend(altered, Purpose.LOGIN, null)).isEqualTo(Check.FORGED);
        PasskeyChallenges otherKey = new PasskeyChallenges(store, "another-key-of-at-least-32-bytes-length!!"
                .getBytes(StandardCharsets.UTF_8), Duration.ofMinutes(5), clock);
        assertThat(challenges.spend(bytes(otherKey.issue(Purpose.LOGIN, null)), Purpose.LOGIN, null))
                .isEqualTo(Check.FORGED);
        assertThat(challenges.spend(new byte[16], Purpose.LOGIN, null)).isEqualTo(Check.FORGED);
        assertThat(challenges.spend(null, Purpose.LOGIN, null)).isEqualTo(Check.FORGED);
        assertThat(store.list(SpentChallenge.KIND, SpentChallenge.class, 10)).isEmpty();
    }
}
