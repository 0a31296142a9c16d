package io.mihari.alert.incident;

import java.time.Instant;

/**
 * The party responsible for an incident (docs/parties.md): stored as the incident's {@code responsibleParty}.
 *
 * @param id the party's id (an app vendor, cloud provider or carrier of the catalog, or a city's tenant id)
 * @param kind {@code APP_VENDOR}, {@code CLOUD_PROVIDER}, {@code CARRIER} or {@code CITY}
 * @param since when it became responsible (the incident's opening, or the applied re-attribution)
 */
public record PartyRef(String id, String kind, Instant since) {
}
