package io.mihari.dashboard.auth;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.mihari.dashboard.auth.state.AuthStore;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** {@link AuthStore} in memory with OpenSearch's conditional-write rules (documents copied through JSON). */
public class InMemoryAuthStore implements AuthStore {

    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule());
    private final Map<String, Object[]> docs = new TreeMap<>();
    private long seqNo;
    public int reads;
    public boolean down;

    @Override
    public synchronized <T> Optional<Versioned<T>> get(String id, Class<T> type) {
        up();
        reads++;
        Object[] d = docs.get(id);
        return d == null ? Optional.empty()
                : Optional.of(new Versioned<>(id, JSON.convertValue(d[0], type), (Version) d[1]));
    }

    @Override
    public synchronized boolean put(String id, Object doc, Version expected) {
        up();
        Object[] d = docs.get(id);
        if (expected == null ? d != null : d == null || !d[1].equals(expected)) {
            return false;
        }
        docs.put(id, new Object[] {JSON.convertValue(doc, Map.class), new Version(++seqNo, 1)});
        return true;
    }

    @Override
    public synchronized boolean delete(String id, Version expected) {
        up();
        Object[] d = docs.get(id);
        if (d == null || !d[1].equals(expected)) {
            return d == null;
        }
        docs.remove(id);
        return true;
    }

    @Override
    public synchronized <T> List<Versioned<T>> list(String kind, Class<T> type, int limit) {
        up();
        List<Versioned<T>> all = new ArrayList<>();
        docs.forEach((id, d) -> {
            if (kind.equals(((Map<?, ?>) d[0]).get("kind")) && all.size() < limit) {
                all.add(new Versioned<>(id, JSON.convertValue(d[0], type), (Version) d[1]));
            }
        });
        return all;
    }

    private void up() {
        if (down) {
            throw new io.mihari.dashboard.auth.state.AuthStoreUnavailableException("down", null);
        }
    }
}
