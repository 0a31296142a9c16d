package io.mihari.alert.detect;

/** Which detector raised an alert; also the kind of the incident it opens. */
public enum AlertKind {
    /** heartbeats stopped */
    LIVENESS,
    /** an active check (HTTP, TCP, process, command) kept failing */
    CHECK,
    /** CPU, memory, swap or disk above its threshold */
    RESOURCE,
    /** a batch job failed, hung or did not start */
    BATCH,
    /** an application reported its own operating status 稼働状況 as degraded or stopped */
    OPERATING_STATUS,
    /** a line of a redundant pair (the carrier's) went down while another carries the traffic: 回線切替 */
    LINE_FAILOVER,
    /**
     * an agent's clock is ahead of or behind Mihari's beyond a threshold 時刻ずれ ({@link ClockSkewMonitor}); it never
     * changes the target's status (heartbeats count at receipt)
     */
    CLOCK_SKEW,
    /**
     * a check answers, but slower than its response-time threshold 応答時間 for a sustained period
     * ({@link LatencyMonitor}); it never changes the target's status (the check still passes)
     */
    LATENCY
}
