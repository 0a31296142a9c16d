package io.mihari.model.event;

/** Kafka topic names shared by producers and consumers. Versioned: a breaking change gets a new topic. */
public final class Topics {

    /** Everything agents (and vendors' own tools) emit: heartbeats, checks, resources, batch runs. Key = target id. */
    public static final String EVENTS = "mihari.events.v1";

    /** Events that could not be decoded or validated, with the reason and origin in headers. */
    public static final String EVENTS_DLQ = "mihari.events.dlq.v1";

    /** What people do (status updates, reports, maintenance windows), published by dashboard-api. */
    public static final String COMMANDS = "mihari.commands.v1";

    /** Commands that could not be decoded or were invalid, with the reason in headers. */
    public static final String COMMANDS_DLQ = "mihari.commands.dlq.v1";

    /** Every incident change, published by alert-service. */
    public static final String INCIDENTS = "mihari.incidents.v1";

    /** Header names on dead-lettered records (Kafka Connect style). */
    public static final class DeadLetterHeaders {
        /** Why, for people: the reason code, then the detail (at most 1,000 characters). */
        public static final String REASON = "mihari.dlq.reason";
        /** Why, for tools: the reason code alone, e.g. {@code WRONG_PARTITION} (docs/intake.md lists them). */
        public static final String CODE = "mihari.dlq.code";
        public static final String TOPIC = "mihari.dlq.topic";
        public static final String PARTITION = "mihari.dlq.partition";
        public static final String OFFSET = "mihari.dlq.offset";
        /** The original record's value size in bytes (the dead letter keeps at most the first 64 KiB). */
        public static final String SIZE = "mihari.dlq.size";
        /** Present ({@code true}) when the dead letter's value or key is only the start of the original. */
        public static final String TRUNCATED = "mihari.dlq.truncated";

        private DeadLetterHeaders() {
        }
    }

    private Topics() {
    }
}
