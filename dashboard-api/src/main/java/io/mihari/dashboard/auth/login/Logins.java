package io.mihari.dashboard.auth.login;

import io.mihari.dashboard.auth.User;
import io.mihari.dashboard.auth.Users;
import io.mihari.dashboard.auth.passkey.Passkeys;
import io.mihari.dashboard.auth.state.AuthStore.Versioned;
import io.mihari.dashboard.auth.state.UserState;
import io.mihari.dashboard.config.DashboardConfig;
import io.quarkus.elytron.security.common.BcryptUtil;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import java.util.function.Function;

/**
 * Decides a login: the password and then a one-time code (or a recovery code), or the password and a passkey's
 * assertion. Unknown users, wrong passwords and missing, wrong or replayed codes or assertions all get the same refusal
 * after the same work: the attempt is counted, one bcrypt verification runs (against a dummy hash of the same cost for
 * an unknown user), the user's login state is read and the code compared or the assertion verified (against a dummy
 * key for a passkey the user does not have). Only the audit log says which it was. A right password of a user who
 * must have a second factor but has none yet (neither TOTP nor a passkey) leads to enrolment only.
 */
@ApplicationScoped
public class Logins {

    private static final Logger AUDIT = Logger.getLogger("io.mihari.audit");

    /** What a login attempt came to. */
    public sealed interface Outcome {
    }

    /** Logged in; {@code recoveryCodesLeft} is set when a recovery code was spent. */
    public record Granted(User user, Integer recoveryCodesLeft) implements Outcome {
    }

    /** The password was right but the user has no second factor yet: enrolment only. */
    public record MustEnrol(User user) implements Outcome {
    }

    /** Wrong user, password or code (which of them is told to the audit log only). */
    public record Refused() implements Outcome {
    }

    /** Too many failures for this account name or address: wait until {@code until}. */
    public record Throttled(java.time.Instant until) implements Outcome {
    }

    /** Checks a password against a bcrypt hash; a seam for tests that count the work done. */
    public interface PasswordCheck {
        boolean matches(String hash, String password);
    }

    private final Users users;
    private final LoginThrottle throttle;
    private final SecondFactor factor;
    private final Passkeys passkeys;
    private final PasswordCheck passwords;
    private final boolean enrolmentAllowed;
    private final java.time.Clock clock;
    /** A bcrypt hash of a random password, with the cost of the users' own hashes. */
    final String dummyHash;

    @Inject
    Logins(Users users, LoginThrottle throttle, SecondFactor factor, Passkeys passkeys, DashboardConfig config,
            java.time.Clock clock) {
        this(users, throttle, factor, passkeys, Users::passwordMatches, config.auth().enrolmentAllowed(), clock);
    }

    public Logins(Users users, LoginThrottle throttle, SecondFactor factor, Passkeys passkeys, PasswordCheck passwords,
            boolean enrolmentAllowed, java.time.Clock clock) {
        this.users = users;
        this.throttle = throttle;
        this.factor = factor;
        this.passkeys = passkeys;
        this.passwords = passwords;
        this.enrolmentAllowed = enrolmentAllowed;
        this.clock = clock;
        this.dummyHash = dummyHash(users);
    }

    /** A hash nobody's password matches, as slow to verify as the users' (the most common bcrypt cost among them). */
    static String dummyHash(Users users) {
        int cost = users.all().stream().map(User::passwordHash).map(Logins::cost)
                .collect(java.util.stream.Collectors.groupingBy(Function.identity(),
                        java.util.stream.Collectors.counting()))
                .entrySet().stream().max(java.util.Map.Entry.comparingByValue()).map(java.util.Map.Entry::getKey)
                .orElse(10);
        byte[] random = new byte[24];
        new SecureRandom().nextBytes(random);
        return BcryptUtil.bcryptHash(Base64.getEncoder().encodeToString(random), cost);
    }

    private static int cost(String hash) {
        try {
            return Integer.parseInt(hash.split("\\$")[2]);
        } catch (RuntimeException e) {
            return 10;
        }
    }

    /** A login with the password and, for whoever needs a second factor, a one-time or recovery code. */
    public Outcome login(String name, String password, String code, String from) {
        return decide(name, password, from, true, (user, state, secret, passwordRight) -> {
            if (!user.map(factor::required).orElse(true)) {
                return Step.accepted(null, null); // an operator of a city that asks for the password alone
            }
            SecondFactor.Check check = factor.check(name, secret, code, state, passwordRight);
            if (check == SecondFactor.Check.RECOVERY_CODE_USED) {
                return Step.accepted(factor.state(name).map(v -> v.doc().recoveryCodeHashes().size()).orElse(0),
                        "a recovery code");
            }
            return check == SecondFactor.Check.ACCEPTED ? Step.accepted(null, null)
                    : Step.refused("one-time code " + check.name().toLowerCase(java.util.Locale.ROOT));
        });
    }

    /**
     * A login with the password and a passkey's assertion ({@code credential}, the browser's JSON), in one request:
     * every refusal is the same as that of {@link #login}, after the same counting and the same password work, so it
     * tells nothing of whether the password was right to someone without the passkey. It never leads to enrolment.
     */
    public Outcome loginWithPasskey(String name, String password, String credential, String from) {
        return decide(name, password, from, false, (user, state, secret, passwordRight) -> {
            Passkeys.Assertion assertion = passkeys.check(name, state, credential, passwordRight);
            return assertion.accepted() ? Step.accepted(null, "the passkey '" + assertion.name() + "'")
                    : Step.refused(assertion.why());
        });
    }

    /** What the second step of a login found: accepted or not (why: for the audit log). */
    record Step(boolean accepted, Integer recoveryCodesLeft, String with, String why) {
        static Step accepted(Integer recoveryCodesLeft, String with) {
            return new Step(true, recoveryCodesLeft, with, null);
        }

        static Step refused(String why) {
            return new Step(false, null, null, why);
        }
    }

    /** The second step of a login: checked for known and unknown users alike; commits only when the password was right. */
    interface SecondStep {
        Step check(Optional<User> user, Optional<Versioned<UserState>> state, String secret, boolean passwordRight);
    }

    /**
     * The login skeleton every way of logging in shares: count the attempt (or refuse it: 429), check the password
     * (against a dummy hash for an unknown user), read the user's state, then the second step; one refusal for all.
     */
    private Outcome decide(String name, String password, String from, boolean mayEnrol, SecondStep second) {
        Optional<LoginThrottle.Attempt> attempt = throttle.begin(name, from);
        if (attempt.isEmpty()) {
            java.time.Instant until = throttle.refusedUntil(name, from, clock.instant())
                    .orElse(clock.instant().plusSeconds(1));
            AUDIT.warnf("login refused for '%s' from %s: too many failures, wait until %s", name, from, until);
            return new Throttled(until);
        }
        Optional<User> user = users.find(name);
        boolean passwordRight = passwords.matches(user.map(User::passwordHash).orElse(dummyHash), password)
                && user.isPresent();
        Optional<Versioned<UserState>> state = factor.state(name);
        boolean needsFactor = user.map(factor::required).orElse(true);
        String secret = SecondFactor.secret(user.orElse(null), state);
        boolean hasFactor = secret != null || state.map(v -> v.doc().hasAnyFactor()).orElse(false);
        if (mayEnrol && passwordRight && needsFactor && !hasFactor) {
            if (!enrolmentAllowed) {
                return refuse(attempt.get(), name, from, "no second factor yet and enrolment is off");
            }
            throttle.succeeded(attempt.get());
            AUDIT.infof("login of '%s' from %s: password right, no second factor yet: enrolment only", name, from);
            return new MustEnrol(user.get());
        }
        Step step = second.check(user, state, secret, passwordRight);
        if (!passwordRight || !step.accepted()) {
            String why = user.isEmpty() ? "unknown user" : !passwordRight ? "wrong password" : step.why();
            return refuse(attempt.get(), name, from, why);
        }
        throttle.succeeded(attempt.get());
        User u = user.get();
        if (step.recoveryCodesLeft() != null) {
            AUDIT.warnf("login of '%s' (%s %s) from %s with a recovery code; %d left", u.id(), u.role(),
                    u.organisation(), from, step.recoveryCodesLeft());
            return new Granted(u, step.recoveryCodesLeft());
        }
        AUDIT.infof("login of '%s' (%s %s) from %s%s", u.id(), u.role(), u.organisation(), from,
                step.with() == null ? "" : " with " + step.with());
        return new Granted(u, null);
    }

    private Refused refuse(LoginThrottle.Attempt attempt, String name, String from, String why) {
        AUDIT.warnf("login refused for '%s' from %s: %s", name, from, why);
        throttle.failed(attempt, name, from);
        return new Refused();
    }
}
