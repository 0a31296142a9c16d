package io.mihari.dashboard.auth;

import io.mihari.dashboard.auth.state.AuthStore;
import io.mihari.dashboard.auth.state.Revocation;
import io.mihari.dashboard.auth.state.UserState;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.util.Objects;
import java.util.Optional;

/**
 * Whether a signed, unexpired token still stands: its user is still in the users file with the same role and
 * organisation, it was not revoked (logout, renewal) and not issued before its user's factor was reset. Checked on
 * every request; the login state being unreachable makes it fail closed (503).
 */
@ApplicationScoped
public class Sessions {

    private static final Logger AUDIT = Logger.getLogger("io.mihari.audit");

    private final Users users;
    private final AuthStore store;
    private final Clock clock;

    Sessions(Users users, AuthStore store, Clock clock) {
        this.users = users;
        this.store = store;
        this.clock = clock;
    }

    /** The user the token speaks for, when it still stands. */
    public Optional<User> check(Tokens.Claims claims) {
        Optional<User> user = users.find(claims.userId());
        if (user.isEmpty() || !Objects.equals(user.get().role(), claims.role())
                || !Objects.equals(user.get().organisation(), claims.organisation())) {
            AUDIT.warnf("token of '%s' (%s %s) refused: the user is no longer in the users file as such",
                    claims.userId(), claims.role(), claims.organisation());
            return Optional.empty();
        }
        if (store.get(Revocation.id(claims.jti()), Revocation.class).isPresent()) {
            return Optional.empty();
        }
        var state = store.get(UserState.id(claims.userId()), UserState.class);
        if (state.isPresent() && state.get().doc().tokensValidAfter() != null
                && claims.issuedAt().isBefore(state.get().doc().tokensValidAfter())) {
            return Optional.empty();
        }
        return user;
    }

    /** The token is given up before its expiry: no instance accepts it again. */
    public void revoke(Tokens.Claims claims) {
        store.put(Revocation.id(claims.jti()),
                new Revocation(Revocation.KIND, claims.jti(), claims.userId(), claims.expiresAt(), clock.instant()),
                null); // false: it was revoked already
    }
}
