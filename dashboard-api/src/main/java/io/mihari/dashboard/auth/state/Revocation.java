package io.mihari.dashboard.auth.state;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;

/** A token given up before its expiry (logout, refresh), by its {@code jti}; id {@code revoked|<jti>}. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Revocation(String kind, String jti, String userId, Instant expiresAt, Instant updatedAt) {

    public static final String KIND = "revoked";

    public Revocation {
        kind = KIND;
    }

    public static String id(String jti) {
        return KIND + "|" + jti;
    }
}
