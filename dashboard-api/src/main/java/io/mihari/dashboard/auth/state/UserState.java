package io.mihari.dashboard.auth.state;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;
import java.util.List;

/**
 * What the login state keeps of one user (id {@code user|<userId>}). A state change returns a new instance.
 *
 * @param lastTotpStep the last 30-second step whose one-time code was accepted (no code of it or before is accepted
 *        again); null when none was used yet
 * @param totpSecret the enrolled second factor (Base32), null when the user has none (or it is in the users file)
 * @param pendingTotpSecret a secret offered during enrolment and not yet confirmed with a code
 * @param recoveryCodeHashes SHA-256 (hex) of the unused recovery codes
 * @param tokensValidAfter tokens issued before this instant are no longer accepted (factor reset by an admin)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record UserState(String kind, String userId, Long lastTotpStep, String totpSecret, String pendingTotpSecret,
        Instant pendingSince, Instant enrolledAt, List<String> recoveryCodeHashes, Instant tokensValidAfter,
        Instant updatedAt) {

    public static final String KIND = "user";

    public UserState {
        kind = KIND;
        recoveryCodeHashes = recoveryCodeHashes == null ? List.of() : List.copyOf(recoveryCodeHashes);
    }

    public static String id(String userId) {
        return KIND + "|" + userId;
    }

    public static UserState empty(String userId) {
        return new UserState(KIND, userId, null, null, null, null, null, List.of(), null, null);
    }

    public UserState withLastTotpStep(long step, Instant now) {
        return new UserState(kind, userId, step, totpSecret, pendingTotpSecret, pendingSince, enrolledAt,
                recoveryCodeHashes, tokensValidAfter, now);
    }

    public UserState withPending(String secret, Instant now) {
        return new UserState(kind, userId, lastTotpStep, totpSecret, secret, now, enrolledAt, recoveryCodeHashes,
                tokensValidAfter, now);
    }

    public UserState enrolled(List<String> codeHashes, long step, Instant now) {
        return new UserState(kind, userId, step, pendingTotpSecret, null, null, now, codeHashes, tokensValidAfter, now);
    }

    public UserState withRecoveryCodeHashes(List<String> codeHashes, Instant now) {
        return new UserState(kind, userId, lastTotpStep, totpSecret, pendingTotpSecret, pendingSince, enrolledAt,
                codeHashes, tokensValidAfter, now);
    }

    /** The factor is gone (an admin reset it) and every token issued until now is void. */
    public UserState reset(Instant now) {
        return new UserState(kind, userId, lastTotpStep, null, null, null, null, List.of(), now, now);
    }

    public boolean hasFactor() {
        return totpSecret != null && !totpSecret.isBlank();
    }
}
