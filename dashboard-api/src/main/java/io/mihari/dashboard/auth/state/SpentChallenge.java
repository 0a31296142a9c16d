package io.mihari.dashboard.auth.state;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;

/**
 * A passkey challenge that was answered (id {@code challenge|<nonce>}): written only if absent, so each challenge is
 * answered once on every instance, whatever its signature counter says. Kept past {@code expiresAt} like revocations
 * (then it no longer matters: an expired challenge is refused anyway).
 *
 * @param purpose {@code register} or {@code login}
 * @param userId whose registration it was; none for a login
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SpentChallenge(String kind, String purpose, String userId, Instant expiresAt, Instant updatedAt) {

    public static final String KIND = "challenge";

    public SpentChallenge {
        kind = KIND;
    }

    public static String id(String nonce) {
        return KIND + "|" + nonce;
    }
}
