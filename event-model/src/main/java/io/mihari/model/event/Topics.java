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
        public static final String REASON = "mihari.dlq.reason";
        public static final String TOPIC = "mihari.dlq.topic";
        public static final String PARTITION = "mihari.dlq.partition";
        public static final String OFFSET = "mihari.dlq.offset";

        private DeadLetterHeaders() {
        }
    }

    private Topics() {
    }
}
