package io.mihari.alert.ingest;

import io.mihari.model.event.InvalidEventException;

/**
 * Why a record of the event topic was not believed. The code travels in the dead letter's
 * {@code mihari.dlq.code} header, labels the {@code mihari_ingest_dead_letters_total} metric and is listed with its
 * meaning in docs/intake.md.
 */
public enum DeadLetterReason {
    /** Larger than the contract's 64 KiB. */
    TOO_LARGE,
    /** Not exactly one JSON object in UTF-8. */
    NOT_JSON,
    /** JSON, but not an event of the published schema. */
    INVALID_EVENT,
    /** The record's Kafka key is not the event's own target id ({@code tenant/host}). */
    KEY_MISMATCH,
    /**
     * The event's tenant is not its topic's ({@code mihari.events.v1.<tenant>}): a principal allowed to write one
     * city's topic tried to speak for another city.
     */
    WRONG_TOPIC,
    /** The record is not in the partition its key maps to: only that partition's owner may judge the target. */
    WRONG_PARTITION,
    /** A registered host sent under another system than the catalog's. */
    SYSTEM_MISMATCH,
    /** Dated further ahead of the receiving clock than {@code mihari.ingest.max-future-skew}. */
    FUTURE_DATED,
    /** Dated before the oldest day kept ({@code mihari.retention.event-days}). */
    TOO_OLD,
    /** OpenSearch refused the document for good (not a passing overload). */
    STORE_REJECTED,
    /** A command that is not signed by dashboard-api (plain JSON, or not a JWS). */
    UNSIGNED_COMMAND,
    /** A command signed otherwise than by a trusted key with ES256, or changed after signing. */
    BAD_SIGNATURE,
    /** A signed command that cannot be read, is invalid or is not allowed (the command dead-letter topic). */
    INVALID_COMMAND;

    static DeadLetterReason of(InvalidEventException.Kind kind) {
        return switch (kind) {
            case TOO_LARGE -> TOO_LARGE;
            case NOT_JSON -> NOT_JSON;
            case INVALID_EVENT -> INVALID_EVENT;
        };
    }
}
