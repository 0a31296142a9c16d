package io.mihari.alert.incident;

import java.time.Instant;

/**
 * One stretch of an incident during which one party was responsible for it (the incident's {@code responsibility}).
 *
 * @param party the party's id
 * @param kind {@code APP_VENDOR}, {@code CLOUD_PROVIDER}, {@code CARRIER} or {@code CITY}
 * @param attribution the attribution 責任区分 that made it responsible ({@code VENDOR} when the incident opened)
 * @param from when it became responsible
 * @param to when it stopped being responsible; null for the current one
 */
public record Responsibility(String party, String kind, String attribution, Instant from, Instant to) {

    Responsibility endedAt(Instant at) {
        return new Responsibility(party, kind, attribution, from, at);
    }
}
