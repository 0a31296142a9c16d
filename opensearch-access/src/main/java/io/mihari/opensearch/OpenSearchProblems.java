package io.mihari.opensearch;

import org.opensearch.client.opensearch._types.OpenSearchException;
import org.opensearch.client.transport.httpclient5.ResponseException;

import javax.net.ssl.SSLException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;

/**
 * Turns what the OpenSearch client throws when it cannot log in or is not allowed into one sentence naming the
 * setting to fix (for a start-up failure and the logs). Returns null for anything else.
 */
public final class OpenSearchProblems {

    private OpenSearchProblems() {
    }

    /**
     * @param prefix where the service keeps its OpenSearch settings, e.g. {@code mihari.opensearch.}
     */
    public static String explain(Throwable error, String url, String prefix) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            int status = t instanceof ResponseException r ? r.status()
                    : t instanceof OpenSearchException o ? o.status() : 0;
            if (status == 401) {
                return "OpenSearch at " + url + " refused the login: check " + prefix + "username and " + prefix
                        + "password (or " + prefix + "password-file)";
            }
            if (status == 403) {
                return "OpenSearch at " + url + " does not allow this service's user that (" + firstLine(t)
                        + "): give it its role (docs/security.md) or check " + prefix + "username";
            }
            if (t instanceof CertificateExpiredException) {
                return "TLS with OpenSearch at " + url + " failed: a certificate has expired (" + t.getMessage() + ")";
            }
            if (t instanceof CertificateNotYetValidException) {
                return "TLS with OpenSearch at " + url + " failed: a certificate is not valid yet (" + t.getMessage()
                        + "): is this machine's clock right?";
            }
            if (t instanceof SSLException) {
                String all = chain(t);
                if (all.contains("PKIX") || all.contains("unable to find valid certification path")) {
                    return "TLS with OpenSearch at " + url + " failed: its certificate is not trusted: check " + prefix
                            + "truststore.path (it must hold the CA that signed the cluster's certificate)";
                }
                if (all.contains("No subject alternative") || all.contains("match")) {
                    return "TLS with OpenSearch at " + url + " failed: its certificate is not for that name: use a "
                            + "name its certificate holds in " + prefix + "url";
                }
                return "TLS with OpenSearch at " + url + " failed (" + all + "): check " + prefix + "url and " + prefix
                        + "truststore.path";
            }
        }
        return null;
    }

    private static String firstLine(Throwable t) {
        String m = String.valueOf(t.getMessage());
        int nl = m.indexOf('\n');
        return (nl < 0 ? m : m.substring(0, nl)).strip();
    }

    private static String chain(Throwable error) {
        StringBuilder all = new StringBuilder();
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t.getMessage() != null) {
                all.append(all.length() == 0 ? "" : ": ").append(t.getMessage());
            }
        }
        return all.toString();
    }
}
