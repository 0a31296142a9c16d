package io.mihari.dashboard.auth.login;

import io.mihari.testsupport.MutableClock;
import io.mihari.dashboard.auth.InMemoryAuthStore;
import io.mihari.dashboard.auth.User;
import io.mihari.dashboard.auth.Users;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Not a test: measures the login decision for an unknown user, a known user with a wrong password and an admin with
 * the right password but no code (login state in memory, so what is measured is the work, not OpenSearch), and prints
 * the medians. {@code ./mvnw -pl event-model,dashboard-api test -Dtest=LoginTimingBenchmark -Dmihari.bench=true
 * -Dsurefire.failIfNoSpecifiedTests=false}
 */
@EnabledIfSystemProperty(named = "mihari.bench", matches = "true")
class LoginTimingBenchmark {

    @Test
    void unknownUsersWrongPasswordsAndMissingCodesTakeTheSameTime() {
        MutableClock clock = new MutableClock(Instant.parse("2026-12-01T00:00:00Z"));
        InMemoryAuthStore store = new InMemoryAuthStore();
        Users users = new Users(List.of(
                new User("admin", "Admin", User.ADMIN, null, LoginsTest.HASH, LoginsTest.ADMIN_SECRET),
                new User("kurashiki-dx", "K", User.OPERATOR, "kurashiki", LoginsTest.HASH, null)), LoginsTest.CATALOG);
        ThrottlePolicy none = new ThrottlePolicy(1_000_000, Duration.ZERO, Duration.ZERO, 1_000_000, Duration.ZERO,
                Duration.ofDays(1));
        SecondFactor factor = new SecondFactor(store, () -> LoginsTest.CATALOG, clock);
        Logins logins = new Logins(users, new LoginThrottle(store, none, none, clock), factor,
                io.mihari.dashboard.auth.passkey.TestPasskeys.of(store, factor, clock), Users::passwordMatches, true,
                clock);
        String[][] cases = {{"unknown user", "nobody", "test-password"}, {"wrong password", "kurashiki-dx", "wrong"},
                {"admin without code", "admin", "test-password"}};
        for (int round = 0; round < 2; round++) { // the first round warms up
            for (String[] c : cases) {
                List<Long> ms = new ArrayList<>();
                for (int i = 0; i < 30; i++) {
                    long t = System.nanoTime();
                    logins.login(c[1], c[2], "", "192.0.2.9");
                    ms.add((System.nanoTime() - t) / 1000);
                }
                ms.sort(null);
                if (round == 1) {
                    System.out.printf("login timing: %-20s median %6.1f ms  p90 %6.1f ms%n", c[0], ms.get(15) / 1000.0,
                            ms.get(27) / 1000.0);
                }
            }
        }
    }
}
