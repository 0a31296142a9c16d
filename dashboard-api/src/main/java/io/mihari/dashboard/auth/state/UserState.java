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
 * @param passkeys the user's registered passkeys (WebAuthn credentials), each a second factor on its own
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record UserState(String kind, String userId, Long lastTotpStep, String totpSecret, String pendingTotpSecret,
        Instant pendingSince, Instant enrolledAt, List<String> recoveryCodeHashes, Instant tokensValidAfter,
        List<PasskeyRecord> passkeys, Instant updatedAt) {

    public static final String KIND = "user";

    public UserState {
        kind = KIND;
        recoveryCodeHashes = recoveryCodeHashes == null ? List.of() : List.copyOf(recoveryCodeHashes);
        passkeys = passkeys == null ? List.of() : List.copyOf(passkeys);
    }

    public static String id(String userId) {
        return KIND + "|" + userId;
    }

    public static UserState empty(String userId) {
        return new UserState(KIND, userId, null, null, null, null, null, List.of(), null, List.of(), null);
    }

    public UserState withLastTotpStep(long step, Instant now) {
        return new UserState(kind, userId, step, totpSecret, pendingTotpSecret, pendingSince, enrolledAt,
                recoveryCodeHashes, tokensValidAfter, passkeys, now);
    }

    public UserState withPending(String secret, Instant now) {
        return new UserState(kind, userId, lastTotpStep, totpSecret, secret, now, enrolledAt, recoveryCodeHashes,
                tokensValidAfter, passkeys, now);
    }

    public UserState enrolled(List<String> codeHashes, long step, Instant now) {
        return new UserState(kind, userId, step, pendingTotpSecret, null, null, now, codeHashes, tokensValidAfter,
                passkeys, now);
    }

    public UserState withRecoveryCodeHashes(List<String> codeHashes, Instant now) {
        return new UserState(kind, userId, lastTotpStep, totpSecret, pendingTotpSecret, pendingSince, enrolledAt,
                codeHashes, tokensValidAfter, passkeys, now);
    }

    /** With {@code list} as the user's passkeys (one added, renewed or removed). */
    public UserState withPasskeys(List<PasskeyRecord> list, Instant now) {
        return new UserState(kind, userId, lastTotpStep, totpSecret, pendingTotpSecret, pendingSince,
                enrolledAt == null && !list.isEmpty() ? now : enrolledAt, recoveryCodeHashes, tokensValidAfter, list,
                now);
    }

    /** The passkey of {@code credentialId}, if the user has it. */
    public java.util.Optional<PasskeyRecord> passkey(String credentialId) {
        return passkeys.stream().filter(p -> p.credentialId().equals(credentialId)).findFirst();
    }

    /** Every enrolled factor is gone (an admin reset it: TOTP, recovery codes, passkeys); earlier tokens are void. */
    public UserState reset(Instant now) {
        return new UserState(kind, userId, lastTotpStep, null, null, null, null, List.of(), now, List.of(), now);
    }

    /** Whether the user enrolled a TOTP secret. */
    public boolean hasFactor() {
        return totpSecret != null && !totpSecret.isBlank();
    }

    /** Whether the user has any enrolled second factor: a TOTP secret or a passkey. */
    public boolean hasAnyFactor() {
        return hasFactor() || !passkeys.isEmpty();
    }
}
