package io.mihari.dashboard.auth.state;

/** The login state (OpenSearch) cannot be read or written: whatever needs it is refused (503), never let through. */
public class AuthStoreUnavailableException extends RuntimeException {

    public AuthStoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
