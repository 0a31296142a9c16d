package io.mihari.model.event;

/** Kafka topic names shared by producers and consumers. Versioned: a breaking change gets a new topic. */
public final class Topics {

    /**
     * The prefix of the event topics: one per tenant (city), {@code mihari.events.v1.<tenant>}, carrying everything
     * that city's agents (and vendors' own tools) emit — heartbeats, checks, resources, batch runs. Key = target id.
     * One topic per city lets Kafka itself decide who may speak for a city: an agent's principal may write only its
     * own city's topic (ACLs), and alert-service dead-letters an event whose tenant is not its topic's
     * ({@code WRONG_TOPIC}). It also keeps one city's flood from queueing in front of another city's events.
     */
    public static final String EVENTS_PREFIX = "mihari.events.v1.";

    /** Every event topic, for a pattern subscription: the prefix and a tenant name ({@link TargetId#NAME}). */
    public static final java.util.regex.Pattern EVENTS_PATTERN =
            java.util.regex.Pattern.compile(java.util.regex.Pattern.quote(EVENTS_PREFIX) + TargetId.NAME.pattern());

    /** Events that could not be decoded or validated, with the reason and origin in headers. */
    public static final String EVENTS_DLQ = "mihari.events.dlq.v1";

    /** What people do (status updates, reports, maintenance windows), published by dashboard-api. */
    public static final String COMMANDS = "mihari.commands.v1";

    /** Commands that could not be decoded or were invalid, with the reason in headers. */
    public static final String COMMANDS_DLQ = "mihari.commands.dlq.v1";

    /** alert-service's own hand-over from target detection to incident management (key = service id). */
    public static final String SIGNALS = "mihari.signals.v1";

    /** Every incident change, published by alert-service. */
    public static final String INCIDENTS = "mihari.incidents.v1";

    /** The event topic of a tenant (city). */
    public static String events(String tenant) {
        return EVENTS_PREFIX + TargetId.requireName("tenant", tenant);
    }

    /** The event topic a target's events go to: its tenant's ({@code tenant/host}). */
    public static String eventsOf(String targetId) {
        int slash = targetId.indexOf('/');
        if (slash <= 0) {
            throw new IllegalArgumentException("target id " + Limits.quote(targetId) + " is not tenant/host");
        }
        return events(targetId.substring(0, slash));
    }

    /** The tenant whose event topic this is, or null when it is not an event topic. */
    public static String tenantOf(String topic) {
        return topic != null && EVENTS_PATTERN.matcher(topic).matches() ? topic.substring(EVENTS_PREFIX.length())
                : null;
    }

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
