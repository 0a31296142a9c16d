package io.mihari.alert.detect;

import io.mihari.alert.store.Indices;
import jakarta.enterprise.context.ApplicationScoped;
import org.opensearch.client.opensearch.OpenSearchClient;
import org.opensearch.client.opensearch._types.VersionType;
import org.opensearch.client.opensearch.core.BulkResponse;
import org.opensearch.client.opensearch.core.bulk.BulkOperation;
import org.opensearch.client.opensearch.core.bulk.BulkResponseItem;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes every transition to {@code mihari-status} and the target's current status to {@code mihari-targets}, and
 * the latest estimate of its agent's clock offset ({@link ClockSkewMonitor}) into that status document.
 */
@ApplicationScoped
public class StatusRecorder {

    private final OpenSearchClient client;
    private final Clock clock;

    StatusRecorder(OpenSearchClient client, Clock clock) {
        this.client = client;
        this.clock = clock;
    }

    public void record(StatusTransition t) {
        record(List.of(t));
    }

    /**
     * Stores these transitions, in order, in one {@code _bulk} request (two operations each): when many targets
     * change at once (e.g. 50,000 heard for the first time, or all found UNKNOWN), one request instead of two
     * per transition. A write refused because a newer status of the target is stored already (409 on
     * {@code mihari-targets}) is fine, as with a single write; any other refusal fails the whole call, and the
     * caller retries all of it (every write is idempotent: same ids, same documents, versions that allow a rewrite).
     */
    public void record(List<StatusTransition> transitions) {
        if (transitions.isEmpty()) {
            return;
        }
        String updatedAt = clock.instant().toString();
        List<BulkOperation> ops = new ArrayList<>(2 * transitions.size());
        for (StatusTransition t : transitions) {
            Map<String, Object> transition = transitionDocument(t);
            Map<String, Object> target = targetDocument(t, updatedAt);
            ops.add(BulkOperation.of(b -> b.index(i -> i.index(Indices.STATUS).id(t.transitionId())
                    .document(transition))));
            // versioned by the transition's instant: a late write of an older transition (e.g. from an instance
            // that just lost the partition) cannot roll the current status back
            ops.add(BulkOperation.of(b -> b.index(i -> i.index(Indices.TARGETS).id(t.targetId()).document(target)
                    .version(t.at().toEpochMilli()).versionType(VersionType.ExternalGte))));
        }
        BulkResponse response;
        try {
            response = client.bulk(b -> b.operations(ops));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot record " + transitions.size() + " transitions from "
                    + transitions.get(0).transitionId(), e);
        }
        if (response.errors()) {
            for (BulkResponseItem item : response.items()) {
                if (item.error() != null && !(item.status() == 409 && Indices.TARGETS.equals(item.index()))) {
                    throw new IllegalStateException("transition write refused: " + item.index() + "/" + item.id()
                            + " " + item.status() + " " + item.error().type() + " " + item.error().reason());
                }
            }
        }
    }

    private static Map<String, Object> transitionDocument(StatusTransition t) {
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
        return transition;
    }

    private static Map<String, Object> targetDocument(StatusTransition t, String updatedAt) {
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
        target.put("updatedAt", updatedAt);
        return target;
    }

    /**
     * Stores the latest clock offset of these targets in their {@code mihari-targets} documents: {@code clockOffsetSeconds}
     * (the agent's clock minus Mihari's, positive ahead, one decimal) and {@code clockOffsetAt} (the receipt of the
     * heartbeat it was estimated on). Each document is read and written back whole with the version it had
     * (external versioning by the status's instant, as {@link #record(List)} writes it), so a status written
     * meanwhile is never rolled back: that write wins (409) and the offset waits for the next estimate. A target
     * without a stored status is left out.
     *
     * @return the targets whose offset was not stored (no status document, or a newer status written meanwhile)
     */
    @SuppressWarnings({"rawtypes", "unchecked"})
    public java.util.Set<String> recordClocks(Map<String, ClockSkewMonitor.Offset> offsets) {
        java.util.Set<String> notStored = new java.util.HashSet<>(offsets.keySet());
        if (offsets.isEmpty()) {
            return notStored;
        }
        List<String> ids = List.copyOf(offsets.keySet());
        List<BulkOperation> ops = new ArrayList<>(ids.size());
        try {
            var current = client.mget(m -> m.index(Indices.TARGETS).ids(ids), Map.class);
            for (var doc : current.docs()) {
                if (!doc.isResult() || !doc.result().found() || doc.result().version() == null) {
                    continue;
                }
                String id = doc.result().id();
                ClockSkewMonitor.Offset offset = offsets.get(id);
                Map<String, Object> target = new LinkedHashMap<>(doc.result().source());
                target.put("clockOffsetSeconds", Double.valueOf(offset.seconds()));
                target.put("clockOffsetAt", offset.at().toString());
                long version = doc.result().version();
                ops.add(BulkOperation.of(b -> b.index(i -> i.index(Indices.TARGETS).id(id).document(target)
                        .version(version).versionType(VersionType.ExternalGte))));
            }
            if (ops.isEmpty()) {
                return notStored;
            }
            BulkResponse response = client.bulk(b -> b.operations(ops));
            for (BulkResponseItem item : response.items()) {
                if (item.error() == null) {
                    notStored.remove(item.id());
                } else if (item.status() != 409) {
                    throw new IllegalStateException("clock offset write refused: " + item.index() + "/" + item.id()
                            + " " + item.status() + " " + item.error().type() + " " + item.error().reason());
                }
            }
            return notStored;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot store the clock offsets of " + ids.size() + " targets", e);
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
