package io.mihari.dashboard.auth.login;

import io.mihari.dashboard.auth.state.AuthStore;
import io.mihari.dashboard.auth.state.AuthStore.Versioned;
import io.mihari.dashboard.auth.state.Throttle;
import io.mihari.dashboard.config.DashboardConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Counts login attempts per account name and per client address in the shared login state, <em>before</em> the
 * password is checked: parallel guesses each have to win a conditional write, so they are counted one by one and the
 * later ones meet the delay or the lockout. A successful login clears its account's counter and takes back its
 * address's attempt. Every refusal and every lockout is audited ({@code io.mihari.audit}).
 */
@ApplicationScoped
public class LoginThrottle {

    private static final Logger AUDIT = Logger.getLogger("io.mihari.audit");
    private static final int RETRIES = 5;
    static final int LIST_LIMIT = 1000;

    private final AuthStore store;
    private final ThrottlePolicy account;
    private final ThrottlePolicy address;
    private final Clock clock;

    @Inject
    LoginThrottle(AuthStore store, DashboardConfig config, Clock clock) {
        this(store, ThrottlePolicy.of(config.auth().account()), ThrottlePolicy.of(config.auth().address()), clock);
    }

    public LoginThrottle(AuthStore store, ThrottlePolicy account, ThrottlePolicy address, Clock clock) {
        this.store = store;
        this.account = account;
        this.address = address;
        this.clock = clock;
    }

    /** An attempt that was counted; hand it back to {@link #succeeded} or {@link #failed}. */
    public record Attempt(String accountKey, String addressKey, Throttle accountAfter, Throttle addressAfter) {
    }

    /**
     * Counts an attempt of {@code name} from {@code from}.
     *
     * @return the attempt, or empty when the account or the address must wait (see {@link #refusedUntil})
     */
    public Optional<Attempt> begin(String name, String from) {
        String accountKey = Throttle.key(Throttle.ACCOUNT, name);
        String addressKey = Throttle.key(Throttle.ADDRESS, from);
        Instant now = clock.instant();
        if (refusedUntil(accountKey, now).isPresent() || refusedUntil(addressKey, now).isPresent()) {
            return Optional.empty();
        }
        Optional<Throttle> a = charge(accountKey, account, now);
        if (a.isEmpty()) {
            return Optional.empty();
        }
        Optional<Throttle> b = charge(addressKey, address, now);
        if (b.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Attempt(accountKey, addressKey, a.get(), b.get()));
    }

    /** Until when {@code name} or {@code from} must wait, if either must. */
    public Optional<Instant> refusedUntil(String name, String from, Instant now) {
        Optional<Instant> a = refusedUntil(Throttle.key(Throttle.ACCOUNT, name), now);
        Optional<Instant> b = refusedUntil(Throttle.key(Throttle.ADDRESS, from), now);
        if (a.isPresent() && b.isPresent()) {
            return Optional.of(a.get().isAfter(b.get()) ? a.get() : b.get());
        }
        return a.isPresent() ? a : b;
    }

    private Optional<Instant> refusedUntil(String key, Instant now) {
        return store.get(Throttle.id(key), Throttle.class).map(v -> v.doc().refusedUntil(now));
    }

    /** Adds one failure to {@code key} unless it must wait; retried when another attempt wrote first. */
    private Optional<Throttle> charge(String key, ThrottlePolicy policy, Instant now) {
        for (int i = 0; i < RETRIES; i++) {
            Optional<Versioned<Throttle>> read = store.get(Throttle.id(key), Throttle.class);
            Throttle before = read.map(Versioned::doc).orElse(Throttle.empty(key));
            if (before.refusedUntil(now) != null) {
                return Optional.empty();
            }
            Throttle after = policy.failed(before, now);
            if (store.put(Throttle.id(key), after, read.map(Versioned::version).orElse(null))) {
                return Optional.of(after);
            }
        }
        return Optional.empty(); // this many attempts at once: refused
    }

    /** The attempt was right: its account starts again at zero, its address's count is taken back. */
    public void succeeded(Attempt attempt) {
        Instant now = clock.instant();
        update(attempt.accountKey(), t -> Throttle.empty(attempt.accountKey()), now);
        update(attempt.addressKey(), t -> address.refunded(t, now), now);
    }

    /** The attempt was wrong: audits a lockout it started. */
    public void failed(Attempt attempt, String name, String from) {
        Instant now = clock.instant();
        lockout(attempt.accountAfter(), now, "account '" + name + "'");
        lockout(attempt.addressAfter(), now, "address " + from);
    }

    private static void lockout(Throttle t, Instant now, String what) {
        if (t.lockedAt(now) && now.equals(t.lastFailureAt())) {
            AUDIT.warnf("lockout of %s until %s after %d failed logins", what, t.lockedUntil(), t.failures());
        }
    }

    private void update(String key, java.util.function.UnaryOperator<Throttle> change, Instant now) {
        for (int i = 0; i < RETRIES; i++) {
            Optional<Versioned<Throttle>> read = store.get(Throttle.id(key), Throttle.class);
            if (read.isEmpty()) {
                return;
            }
            Throttle after = change.apply(read.get().doc());
            boolean done = after.failures() == 0 && after.lockedUntil() == null
                    ? store.delete(Throttle.id(key), read.get().version())
                    : store.put(Throttle.id(key), after, read.get().version());
            if (done) {
                return;
            }
        }
    }

    /** The accounts and addresses that must wait now (delay or lockout), for administrators. */
    public List<Throttle> current() {
        Instant now = clock.instant();
        List<Throttle> counted = new ArrayList<>();
        for (Versioned<Throttle> v : store.list(Throttle.KIND, Throttle.class, LIST_LIMIT)) {
            Throttle t = v.doc();
            ThrottlePolicy policy = t.key() != null && t.key().startsWith("address|") ? address : account;
            // failures still counted (not yet forgotten): waiting now, or guessed at recently and waiting next time
            if (policy.current(t, now).failures() > 0) {
                counted.add(t);
            }
        }
        return counted;
    }

    /** Ends the delay and lockout of {@code key} ({@code account|name} or {@code address|a.b.c.d}). */
    public boolean unlock(String key) {
        for (int i = 0; i < RETRIES; i++) {
            Optional<Versioned<Throttle>> read = store.get(Throttle.id(key), Throttle.class);
            if (read.isEmpty()) {
                return false;
            }
            if (store.delete(Throttle.id(key), read.get().version())) {
                return true;
            }
        }
        return false;
    }
}
