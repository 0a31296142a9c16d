package io.mihari.dashboard.auth.state;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;

/**
 * Failed logins counted for one account name or one client address (id {@code throttle|account|<name>} or
 * {@code throttle|address|<address>}). Unknown account names are counted exactly like known ones.
 *
 * @param key {@code account|<name>} or {@code address|<address>}
 * @param failures attempts counted since the counter was last cleared (a successful login clears an account's)
 * @param notBefore the next attempt is refused before this instant (the growing delay)
 * @param lockedUntil the temporary lockout: every attempt is refused until then, right password or not
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Throttle(String kind, String key, int failures, Instant lastFailureAt, Instant notBefore,
        Instant lockedUntil, Instant updatedAt) {

    public static final String KIND = "throttle";
    public static final String ACCOUNT = "account";
    public static final String ADDRESS = "address";

    public Throttle {
        kind = KIND;
    }

    public static String key(String type, String value) {
        return type + "|" + value;
    }

    public static String id(String key) {
        return KIND + "|" + key;
    }

    public static Throttle empty(String key) {
        return new Throttle(KIND, key, 0, null, null, null, null);
    }

    /** The instant until which attempts are refused, if that is later than {@code now}. */
    public Instant refusedUntil(Instant now) {
        Instant until = null;
        if (notBefore != null && notBefore.isAfter(now)) {
            until = notBefore;
        }
        if (lockedUntil != null && lockedUntil.isAfter(now) && (until == null || lockedUntil.isAfter(until))) {
            until = lockedUntil;
        }
        return until;
    }

    public boolean lockedAt(Instant now) {
        return lockedUntil != null && lockedUntil.isAfter(now);
    }
}
