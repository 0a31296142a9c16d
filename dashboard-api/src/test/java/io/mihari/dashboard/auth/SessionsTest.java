package io.mihari.dashboard.auth;

import io.mihari.dashboard.auth.state.UserState;
import io.mihari.model.catalog.CatalogLoader;
import io.mihari.testsupport.MutableClock;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Whether a token still stands after an administrator's reset, to the millisecond (iat alone has seconds). */
class SessionsTest {

    final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T00:00:00.100Z"));
    final InMemoryAuthStore store = new InMemoryAuthStore();
    final User vendor = new User("ines-ops", "INES", User.VENDOR, "ines", "$2a$10$x", null);
    final Tokens tokens = new Tokens("a-test-secret-of-at-least-32-bytes-length".getBytes(StandardCharsets.UTF_8),
            Duration.ofHours(1), Duration.ofMinutes(10), clock);
    final Sessions sessions = new Sessions(new Users(List.of(vendor),
            CatalogLoader.load(Path.of("src/test/resources/test-catalog.yaml"))), store, clock);

    @Test
    void aResetVoidsTheTokensIssuedBeforeItInTheSameSecondButNotThoseAfter() {
        var before = tokens.verify(tokens.issue(vendor, clock.instant()).token()).orElseThrow();
        clock.advance(Duration.ofMillis(300));
        store.put(UserState.id(vendor.id()), UserState.empty(vendor.id()).reset(clock.instant()), null);
        clock.advance(Duration.ofMillis(300));
        var after = tokens.verify(tokens.issue(vendor, clock.instant()).token()).orElseThrow();
        assertThat(before.issuedAt().getEpochSecond()).isEqualTo(after.issuedAt().getEpochSecond());
        assertThat(sessions.check(before)).isEmpty();
        assertThat(sessions.check(after)).contains(vendor);
    }
}
