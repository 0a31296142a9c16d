package io.mihari.model.event;

/** An event that cannot be decoded or violates the schema; the message says which field and why. */
public class InvalidEventException extends Exception {

    /** What kind of fault: the reason code of the dead letter. */
    public enum Kind {
        /** Larger than {@link Limits#EVENT_BYTES}. */
        TOO_LARGE,
        /** Not exactly one JSON object in UTF-8 (empty, malformed, a byte order mark, trailing data, duplicate keys). */
        NOT_JSON,
        /** JSON, but not an event of the published schema (a field missing, of the wrong type or out of bounds). */
        INVALID_EVENT
    }

    private final Kind kind;

    public InvalidEventException(String message) {
        this(Kind.INVALID_EVENT, message, null);
    }

    public InvalidEventException(String message, Throwable cause) {
        this(Kind.INVALID_EVENT, message, cause);
    }

    public InvalidEventException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
