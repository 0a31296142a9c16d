package io.mihari.alert.store;

import org.opensearch.client.opensearch._types.OpenSearchException;
import org.opensearch.client.transport.httpclient5.ResponseException;

/**
 * Recognises OpenSearch's 409 (a version or sequence-number conflict, or a create of an existing id). The
 * client reports it either as an {@link OpenSearchException} or, for some requests, as a transport
 * {@link ResponseException} inside an I/O error; both mean the same.
 */
public final class Conflicts {

    private Conflicts() {
    }

    public static boolean isConflict(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof OpenSearchException e && e.status() == 409) {
                return true;
            }
            if (t instanceof ResponseException e && e.status() == 409) {
                return true;
            }
        }
        return false;
    }
}
