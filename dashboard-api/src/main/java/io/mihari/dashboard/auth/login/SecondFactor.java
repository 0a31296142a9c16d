package io.mihari.dashboard.auth.login;

import io.mihari.dashboard.auth.Totp;
import io.mihari.dashboard.auth.User;
import io.mihari.dashboard.auth.state.AuthStore;
import io.mihari.dashboard.auth.state.AuthStore.Versioned;
import io.mihari.dashboard.auth.state.UserState;
import io.mihari.dashboard.catalog.CatalogHolder;
import io.mihari.model.catalog.Catalog;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Supplier;

/**
 * Who needs a second factor and whether a code is right. Administrators and vendors always need one (the cities'
 * 認証機能 and E.5.1.1); a city's operators when the city's catalog entry says {@code requireSecondFactor: true}.
 * The factor is the users file's {@code totpSecret} (provisioned), one the user enrolled (login state), or the user's
 * passkeys ({@code io.mihari.dashboard.auth.passkey.Passkeys}, checked there). A code is
 * either a one-time code (accepted once: the step is recorded with a conditional write, so of two instances only one
 * accepts it) or one of the user's recovery codes (each spent once, the same way).
 */
@ApplicationScoped
public class SecondFactor {

    /** Compared against when a user has no secret, so that every refusal costs the same work. */
    static final String DUMMY_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";
    private static final int RETRIES = 3;

    private final AuthStore store;
    private final Supplier<Catalog> catalog;
    private final Clock clock;

    @Inject
    SecondFactor(AuthStore store, CatalogHolder catalog, Clock clock) {
        this(store, catalog::get, clock);
    }

    public SecondFactor(AuthStore store, Supplier<Catalog> catalog, Clock clock) {
        this.store = store;
        this.catalog = catalog;
        this.clock = clock;
    }

    /** Whether {@code user} must give a second factor. */
    public boolean required(User user) {
        return switch (user.role()) {
            case User.ADMIN, User.VENDOR -> true;
            case User.OPERATOR -> catalog.get().tenants().stream()
                    .anyMatch(t -> t.id().equals(user.organisation()) && t.secondFactorRequired());
            default -> true;
        };
    }

    /** The user's state as stored (read for every login attempt, known user or not, so all cost the same). */
    public Optional<Versioned<UserState>> state(String userId) {
        return store.get(UserState.id(userId), UserState.class);
    }

    /** The secret of the user's factor: the users file's, else the enrolled one; null when there is none. */
    public static String secret(User user, Optional<Versioned<UserState>> state) {
        if (user != null && user.totpSecret() != null && !user.totpSecret().isBlank()) {
            return user.totpSecret();
        }
        return state.map(Versioned::doc).filter(UserState::hasFactor).map(UserState::totpSecret).orElse(null);
    }

    /** What checking a code found. */
    public enum Check { ACCEPTED, RECOVERY_CODE_USED, MISSING, WRONG, REPLAYED }

    /**
     * Checks {@code code} of {@code userId} against {@code secret} (null: compared against a dummy and refused) and,
     * when {@code commit}, spends it: records the step or removes the recovery code, conditionally on the state read.
     */
    public Check check(String userId, String secret, String code, Optional<Versioned<UserState>> read, boolean commit) {
        if (code == null || code.isBlank()) {
            Totp.matchingStep(DUMMY_SECRET, "000000", clock.instant(), null); // the same work as a wrong code
            return Check.MISSING;
        }
        Optional<Versioned<UserState>> current = read;
        for (int i = 0; i < RETRIES; i++) {
            UserState state = current.map(Versioned::doc).orElse(UserState.empty(userId));
            Instant now = clock.instant();
            UserState after;
            Check check;
            if (RecoveryCodes.looksLikeOne(code)) {
                String hash = RecoveryCodes.hash(code);
                // recovery codes stand in for the user's factor, TOTP or passkeys; a reset factor takes them along
                check = (secret != null || state.hasAnyFactor()) && state.recoveryCodeHashes().contains(hash)
                        ? Check.RECOVERY_CODE_USED : Check.WRONG;
                List<String> left = new ArrayList<>(state.recoveryCodeHashes());
                left.remove(hash);
                after = state.withRecoveryCodeHashes(left, now);
            } else {
                String s = secret == null ? DUMMY_SECRET : secret;
                OptionalLong step = Totp.matchingStep(s, code, now, state.lastTotpStep());
                boolean seen = Totp.matchingStep(s, code, now, null).isPresent();
                check = secret == null ? Check.WRONG : step.isPresent() ? Check.ACCEPTED
                        : seen ? Check.REPLAYED : Check.WRONG;
                after = step.isPresent() ? state.withLastTotpStep(step.getAsLong(), now) : state;
            }
            if (!commit || (check != Check.ACCEPTED && check != Check.RECOVERY_CODE_USED)) {
                return check;
            }
            if (store.put(UserState.id(userId), after, current.map(Versioned::version).orElse(null))) {
                return check;
            }
            current = store.get(UserState.id(userId), UserState.class); // another instance wrote first: again
        }
        return Check.REPLAYED;
    }
}
