package io.mihari.dashboard.auth.login;

import io.mihari.dashboard.auth.state.Throttle;
import io.mihari.dashboard.config.DashboardConfig;

import java.time.Duration;
import java.time.Instant;

/**
 * How failed logins of one account name or one address are slowed down: the first {@code freeFailures} cost nothing,
 * each further one makes the next attempt wait {@code firstDelay}, doubled each time up to {@code maxDelay}; every
 * {@code lockoutAfter} failures lock the account or address for {@code lockout}. Quiet for {@code forgetAfter}, the
 * counter starts again at zero. Pure: every instant comes from the caller.
 */
public record ThrottlePolicy(int freeFailures, Duration firstDelay, Duration maxDelay, int lockoutAfter,
        Duration lockout, Duration forgetAfter) {

    public ThrottlePolicy {
        if (freeFailures < 0 || lockoutAfter < 1) {
            throw new IllegalArgumentException("freeFailures ≥ 0 and lockoutAfter ≥ 1 are required");
        }
    }

    public static ThrottlePolicy of(DashboardConfig.AccountThrottle c) {
        return new ThrottlePolicy(c.freeFailures(), c.firstDelay(), c.maxDelay(), c.lockoutAfter(), c.lockout(),
                c.forgetAfter());
    }

    public static ThrottlePolicy of(DashboardConfig.AddressThrottle c) {
        return new ThrottlePolicy(c.freeFailures(), c.firstDelay(), c.maxDelay(), c.lockoutAfter(), c.lockout(),
                c.forgetAfter());
    }

    /** The counter as it stands at {@code now}: forgotten after a quiet {@code forgetAfter} without a lockout. */
    public Throttle current(Throttle t, Instant now) {
        if (t.lastFailureAt() != null && !now.isBefore(t.lastFailureAt().plus(forgetAfter)) && !t.lockedAt(now)) {
            return Throttle.empty(t.key());
        }
        return t;
    }

    /** One more failed attempt at {@code now}. */
    public Throttle failed(Throttle before, Instant now) {
        Throttle t = current(before, now);
        int failures = t.failures() + 1;
        Instant notBefore = failures > freeFailures ? now.plus(delay(failures - freeFailures)) : null;
        Instant lockedUntil = failures % lockoutAfter == 0 ? now.plus(lockout) : t.lockedUntil();
        return new Throttle(Throttle.KIND, t.key(), failures, now, notBefore, lockedUntil, now);
    }

    /** The attempt counted by {@link #failed} turned out right: it is taken back (an address's counter). */
    public Throttle refunded(Throttle t, Instant now) {
        int failures = Math.max(0, t.failures() - 1);
        Instant lockedUntil = t.failures() % lockoutAfter == 0 ? null : t.lockedUntil();
        Instant notBefore = failures > freeFailures ? t.notBefore() : null;
        return new Throttle(Throttle.KIND, t.key(), failures, t.lastFailureAt(), notBefore, lockedUntil, now);
    }

    /** The wait after the {@code n}-th failure beyond the free ones: first, 2×first, 4×first … up to the maximum. */
    Duration delay(int n) {
        Duration d = firstDelay;
        for (int i = 1; i < n && d.compareTo(maxDelay) < 0; i++) {
            d = d.multipliedBy(2);
        }
        return d.compareTo(maxDelay) > 0 ? maxDelay : d;
    }
}
