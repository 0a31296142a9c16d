package io.mihari.dashboard.auth.state;

import java.util.List;
import java.util.Optional;

/**
 * The shared, mutable login state of every dashboard-api instance (index {@code mihari-auth}). Writes are conditional
 * on the version that was read (OpenSearch {@code if_seq_no}/{@code if_primary_term}), so two instances cannot both
 * accept the same one-time-code step or both spend the same recovery code. Every method throws
 * {@link AuthStoreUnavailableException} when the store cannot be reached: callers fail closed.
 */
public interface AuthStore {

    /** The document {@code id} with the version it was read at. */
    <T> Optional<Versioned<T>> get(String id, Class<T> type);

    /**
     * Writes {@code doc} as {@code id} when nobody wrote it since {@code expected} was read ({@code null}: only when it
     * does not exist yet).
     *
     * @return false when someone else wrote first (read again and decide again)
     */
    boolean put(String id, Object doc, Version expected);

    /** Removes {@code id} when nobody wrote it since {@code expected}; false when someone else wrote first. */
    boolean delete(String id, Version expected);

    /** Documents of one kind, at most {@code limit}, in id order (near real time: recent writes may be missing). */
    <T> List<Versioned<T>> list(String kind, Class<T> type, int limit);

    /** Where a document was when it was read: its sequence number and primary term. */
    record Version(long seqNo, long primaryTerm) {
    }

    /** A document and the version it was read at. */
    record Versioned<T>(String id, T doc, Version version) {
    }
}
