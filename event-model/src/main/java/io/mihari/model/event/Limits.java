package io.mihari.model.event;

/** Size limits of free-text fields, so one chatty event cannot clog the pipeline. */
final class Limits {
    static final int MESSAGE = 2000;
    static final int OUTPUT_TAIL = 8192;

    private Limits() {
    }

    static String text(String field, String value, int max) {
        if (value != null && value.length() > max) {
            throw new IllegalArgumentException(field + " is longer than " + max + " characters");
        }
        return value;
    }

    static String name(String field, String value) {
        return TargetId.requireName(field, value);
    }

    static long notNegative(String field, long value) {
        if (value < 0) {
            throw new IllegalArgumentException(field + " must not be negative, was " + value);
        }
        return value;
    }
}
