package io.mihari.alert.detect;

/** How bad a problem is, in rising order. */
public enum Severity {
    /** worth a look, nothing has failed yet (e.g. disk at the warning level) */
    WARNING,
    /** something failed, the service still works (one of three AP servers down, a batch job failed) */
    MAJOR,
    /** the service is down */
    CRITICAL;

    public Severity max(Severity other) {
        return other != null && other.ordinal() > ordinal() ? other : this;
    }
}
