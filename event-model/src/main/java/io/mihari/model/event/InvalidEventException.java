package io.mihari.model.event;

/** An event that cannot be decoded or violates the schema; the message says which field and why. */
public class InvalidEventException extends Exception {
    public InvalidEventException(String message) {
        super(message);
    }

    public InvalidEventException(String message, Throwable cause) {
        super(message, cause);
    }
}
