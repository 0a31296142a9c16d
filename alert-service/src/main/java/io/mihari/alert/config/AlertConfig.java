package io.mihari.alert.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.nio.file.Path;
import java.time.Duration;

/** Every setting of alert-service, under {@code mihari.*}. */
@ConfigMapping(prefix = "mihari")
public interface AlertConfig {

    /** Where OpenSearch is. */
    OpenSearch opensearch();

    /** The catalog of what is monitored. */
    CatalogFile catalog();

    /** How events are consumed from Kafka. */
    Ingest ingest();

    /** When a silent target counts as down. */
    Liveness liveness();

    /** When an agent's clock is too far from alert-service's (時刻ずれ). */
    ClockSkew clockSkew();

    /** How incidents are opened. */
    Incidents incidents();

    /** How mail is sent. */
    Mail mail();

    /** How long stored events are kept. */
    Retention retention();

    /** The incident SLA's clocks (the first report's deadline is {@code mihari.incidents.first-report-due}). */
    Sla sla();

    /** Which people's commands are believed (docs/security.md). */
    Commands commands();

    interface Commands {
        /**
         * The public keys (a JSON Web Key Set, EC P-256, each with its {@code kid}) of the dashboard-api instances
         * whose signed commands are applied; every other command is dead-lettered. During a key rotation it holds the
         * old and the new key.
         */
        Path verificationKeysFile();
    }

    interface Sla {
        /** A status report is due at most this long after the previous report, until provisional recovery. */
        @WithDefault("60m")
        Duration statusReportEvery();

        /** The vendor is reminded this long before a status report is due. */
        @WithDefault("15m")
        Duration reminderBefore();

        /** An outage this long or longer needs a written post-incident report. */
        @WithDefault("60m")
        Duration reportRequiredAfter();

        /** The written report is due this long after provisional recovery. */
        @WithDefault("7d")
        Duration reportDueAfter();

        /** The first reminder to write it goes out this long before it is due. */
        @WithDefault("2d")
        Duration reportReminderBefore();

        /** Then again this often, until it is submitted. */
        @WithDefault("1d")
        Duration reportReminderEvery();
    }

    /** {@code mihari.opensearch.*}: shared with the other service (opensearch-access). */
    interface OpenSearch extends io.mihari.opensearch.OpenSearchSettings {
    }

    interface CatalogFile {
        /** Path of the catalog YAML. */
        Path path();

        /** How often the file is checked for new content (an invalid new content is logged, never applied). */
        @WithDefault("10s")
        Duration reloadEvery();
    }

    interface Ingest {
        /** Consumer group of alert-service instances. */
        @WithDefault("mihari-alert-service")
        String groupId();

        /** Most records taken per poll (one OpenSearch bulk request). */
        @WithDefault("500")
        int maxPollRecords();

        /** First wait after a failed bulk write; doubles up to {@link #maxRetryBackoff()}. */
        @WithDefault("500ms")
        Duration retryBackoff();

        /** Longest wait between retries of a failed bulk write. */
        @WithDefault("30s")
        Duration maxRetryBackoff();

        /** Partitions of the topics alert-service creates when they are missing (the most instances that share work). */
        @WithDefault("6")
        int partitions();

        /**
         * How long a silent instance keeps its partitions before the others take them over (Kafka's
         * {@code session.timeout.ms}): short, so a crashed instance's targets are watched again quickly.
         */
        @WithDefault("10s")
        Duration sessionTimeout();

        /**
         * An event dated further ahead of alert-service's clock than this comes from an agent whose clock runs ahead:
         * it is stored all the same (its heartbeats count at receipt), counted ({@code mihari_ingest_clock_ahead_total})
         * and logged; only one dated more than 12 hours (or this, when longer) ahead is dead-lettered
         * ({@code FUTURE_DATED}). At most 1 day; keep the agents' clocks in sync.
         */
        @WithDefault("5m")
        Duration maxFutureSkew();

        /**
         * Readiness is DOWN when the ingest loop has been stuck, or the owned partitions not seen up to now, for
         * longer than this.
         */
        @WithDefault("60s")
        Duration stalledAfter();

        /**
         * How soon a city's event topic made after the start (e.g. by an operator adding a city) is consumed: the
         * ingest consumer's metadata refresh ({@code metadata.max.age.ms}). Topics of the catalog's tenants are
         * made at the start and on every catalog reload, so this matters only for topics made by others.
         */
        @WithDefault("10s")
        Duration topicDiscovery();
    }

    interface Liveness {
        /** Heartbeats missed in a row before a target is DOWN. */
        @WithDefault("3")
        int missedHeartbeats();

        /** How often silence is evaluated. */
        @WithDefault("1s")
        Duration evaluateEvery();

        /**
         * When alert-service was stopped for longer than this, or is further behind on the event topic, it
         * was blind: its targets are UNKNOWN for that time instead of being judged on late data.
         */
        @WithDefault("60s")
        Duration blindAfter();
    }

    /**
     * {@code mihari.clock-skew.*}: the agents' clock skew alert (docs/detection.md, "Clock skew 時刻ずれ"). The offset is
     * estimated on every heartbeat from the agent's {@code occurredAt} and the receipt; it never changes how heartbeats
     * count. Bad values stop the start with the key's name.
     */
    interface ClockSkew {
        /** An offset this large, ahead or behind, raises a WARNING (more than 0). */
        @WithDefault("2s")
        Duration warning();

        /** An offset this large raises MAJOR (more than the warning threshold, at most 12h). */
        @WithDefault("30s")
        Duration major();

        /** Consecutive heartbeats beyond a threshold before the alert fires or rises, and back within before it ends. */
        @WithDefault("3")
        int heartbeats();
    }

    interface Incidents {
        /**
         * Failures of one service starting within this wait become one incident (Alertmanager's group_wait). Short:
         * it only gathers what breaks together; later failures still join the open incident.
         */
        @WithDefault("5s")
        Duration groupingWait();

        /**
         * Whether an incident opens without any grouping wait as soon as a critical target of its service is DOWN
         * or the whole service is DOWN: nothing more needs gathering before the city is told.
         */
        @WithDefault("true")
        boolean openAtOnceWhenCritical();

        /** When the first report 初報 is due after detection. */
        @WithDefault("60m")
        Duration firstReportDue();

        /**
         * A problem of a service that comes back within this time after its incident was mitigated reopens
         * that incident instead of opening (and mailing) a new one: flapping is one incident.
         */
        @WithDefault("15m")
        Duration reopenWithin();
    }

    interface Mail {
        /** Base URL of the dashboard, for links in mail. */
        @WithDefault("http://127.0.0.1:8080")
        String dashboardUrl();

        /** How often the outbox looks for mail to (re)send. */
        @WithDefault("5s")
        Duration deliverEvery();

        /** First wait after a failed send; doubles up to {@link #maxRetryBackoff()}. */
        @WithDefault("10s")
        Duration retryBackoff();

        /** Longest wait between send attempts. */
        @WithDefault("10m")
        Duration maxRetryBackoff();
    }

    interface Retention {
        /** Days of daily event indices kept before today's (at least 1); older indices are deleted. */
        @WithDefault("90")
        int eventDays();

        /** How often old event indices are looked for (also once at start). */
        @WithDefault("1h")
        Duration checkEvery();
    }
}
