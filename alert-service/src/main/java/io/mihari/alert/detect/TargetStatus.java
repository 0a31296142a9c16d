package io.mihari.alert.detect;

/** What Mihari believes about a target. UNKNOWN means no data: never counted as up or down. */
public enum TargetStatus {
    UP, DOWN, UNKNOWN
}
