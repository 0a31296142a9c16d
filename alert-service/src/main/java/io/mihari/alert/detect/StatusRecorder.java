package io.mihari.alert.detect;

import io.mihari.alert.store.Indices;
import jakarta.enterprise.context.ApplicationScoped;
import org.opensearch.client.opensearch.OpenSearchClient;
import org.opensearch.client.opensearch._types.VersionType;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

/** Writes every transition to {@code mihari-status} and the target's current status to {@code mihari-targets}. */
@ApplicationScoped
public class StatusRecorder {

    private final OpenSearchClient client;
    private final Clock clock;

    StatusRecorder(OpenSearchClient client, Clock clock) {
        this.client = client;
        this.clock = clock;
    }

    public void record(StatusTransition t) {
        Map<String, Object> transition = new LinkedHashMap<>();
        transition.put("transitionId", t.transitionId());
        transition.put("scope", "TARGET");
        transition.put("targetId", t.targetId());
        transition.put("serviceId", t.serviceId());
        transition.put("tenant", t.tenant());
        transition.put("system", t.system());
        transition.put("host", t.host());
        transition.put("from", t.from().name());
        transition.put("to", t.to().name());
        transition.put("at", t.at().toString());
        transition.put("detectedAt", t.detectedAt().toString());
        transition.put("cause", t.cause());
        Map<String, Object> target = new LinkedHashMap<>();
        target.put("targetId", t.targetId());
        target.put("tenant", t.tenant());
        target.put("system", t.system());
        target.put("host", t.host());
        target.put("serviceId", t.serviceId());
        target.put("registered", t.serviceId() != null);
        target.put("status", t.to().name());
        target.put("since", t.at().toString());
        target.put("cause", t.cause());
        target.put("updatedAt", clock.instant().toString());
        try {
            client.index(i -> i.index(Indices.STATUS).id(t.transitionId()).document(transition));
            // versioned by the transition's instant: a late write of an older transition (e.g. from an instance
            // that just lost the partition) cannot roll the current status back
            client.index(i -> i.index(Indices.TARGETS).id(t.targetId()).document(target)
                    .version(t.at().toEpochMilli()).versionType(VersionType.ExternalGte));
        } catch (IOException | org.opensearch.client.opensearch._types.OpenSearchException e) {
            if (io.mihari.alert.store.Conflicts.isConflict(e)) {
                return; // a newer status of the target is stored already; the transition itself is kept
            }
            throw e instanceof IOException io ? new UncheckedIOException("cannot record transition "
                    + t.transitionId(), io) : (RuntimeException) e;
        }
    }

    /** A service changed status: stored with scope SERVICE; the target that caused it is named in the message. */
    public void record(io.mihari.alert.incident.ServiceStatusTracker.ServiceTransition t) {
        Map<String, Object> transition = new LinkedHashMap<>();
        transition.put("transitionId", t.transitionId());
        transition.put("scope", "SERVICE");
        transition.put("serviceId", t.serviceId());
        transition.put("tenant", t.tenant());
        transition.put("system", t.system());
        transition.put("from", t.from().name());
        transition.put("to", t.to().name());
        transition.put("at", t.at().toString());
        transition.put("detectedAt", t.detectedAt().toString());
        transition.put("cause", t.cause());
        transition.put("message", t.targetId() + " " + t.cause());
        try {
            client.index(i -> i.index(Indices.STATUS).id(t.transitionId()).document(transition));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot record transition " + t.transitionId(), e);
        }
    }
}
