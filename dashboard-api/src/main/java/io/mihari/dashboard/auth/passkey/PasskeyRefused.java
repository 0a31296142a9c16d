package io.mihari.dashboard.auth.passkey;

/**
 * A passkey registration or assertion that does not hold; the reason is for the audit log (a login answers only its
 * one refusal), or for the user's own registration answer.
 */
public class PasskeyRefused extends RuntimeException {

    public PasskeyRefused(String reason) {
        super(reason);
    }

    public PasskeyRefused(String reason, Throwable cause) {
        super(reason + ": " + cause.getMessage(), cause);
    }
}
