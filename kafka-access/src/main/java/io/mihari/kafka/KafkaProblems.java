package io.mihari.kafka;

import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.ClusterAuthorizationException;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.SslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;

import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;

/**
 * Turns what a Kafka client throws when it cannot connect or is not allowed into one sentence that names the setting
 * to fix — for a start-up failure, the agent's {@code status} and the logs — instead of a stack trace or a silent
 * retry loop. Returns null for anything that is not a connection, TLS, SASL or ACL problem.
 */
public final class KafkaProblems {

    private KafkaProblems() {
    }

    /**
     * @param error what the client threw (the cause chain is searched)
     * @param bootstrap the servers the client was given
     * @param prefix where the component keeps its Kafka settings, e.g. {@code kafka.} or {@code mihari.agent.kafka.}
     * @return the explanation, or null when the error is none of those
     */
    public static String explain(Throwable error, String bootstrap, String prefix) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ExecutionException) {
                continue;
            }
            if (t instanceof SaslAuthenticationException) {
                return "Kafka at " + bootstrap + " refused this client's credentials (" + t.getMessage() + "): check "
                        + prefix + "sasl.jaas.config (user name and password) and " + prefix + "sasl.mechanism";
            }
            if (t instanceof SslAuthenticationException) {
                return tls(t, bootstrap, prefix);
            }
            if (t instanceof TopicAuthorizationException e) {
                return "Kafka at " + bootstrap + " does not allow this client's principal on topic(s) "
                        + new TreeSet<>(e.unauthorizedTopics()) + ": grant its ACLs (KafkaAccessTool plan, "
                        + "docs/security.md) or check " + prefix + "sasl.jaas.config (the principal it logs in as)";
            }
            if (t instanceof GroupAuthorizationException e) {
                return "Kafka at " + bootstrap + " does not allow this client's principal in consumer group '"
                        + e.groupId() + "': grant its ACLs (KafkaAccessTool plan, docs/security.md)";
            }
            if (t instanceof ClusterAuthorizationException) {
                return "Kafka at " + bootstrap + " does not allow this client's principal on the cluster (" + t.getMessage()
                        + "; an idempotent producer needs WRITE on its topic): grant its ACLs (KafkaAccessTool plan, "
                        + "docs/security.md) or check " + prefix + "sasl.jaas.config (the principal it logs in as)";
            }
            if (t instanceof AuthorizationException) {
                return "Kafka at " + bootstrap + " does not allow this client's principal to " + t.getMessage()
                        + ": grant its ACLs (KafkaAccessTool plan, docs/security.md)";
            }
        }
        return null;
    }

    private static String tls(Throwable ssl, String bootstrap, String prefix) {
        String chain = messages(ssl);
        for (Throwable t = ssl; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof CertificateExpiredException) {
                return "TLS with Kafka at " + bootstrap + " failed: a certificate has expired (" + t.getMessage()
                        + "): renew the broker's certificate, or this client's (" + prefix + "ssl.keystore.location)";
            }
            if (t instanceof CertificateNotYetValidException) {
                return "TLS with Kafka at " + bootstrap + " failed: a certificate is not valid yet (" + t.getMessage()
                        + "): is this machine's clock right?";
            }
        }
        if (chain.contains("PKIX path") || chain.contains("unable to find valid certification path")) {
            return "TLS with Kafka at " + bootstrap + " failed: the broker's certificate is not trusted: check "
                    + prefix + "ssl.truststore.location (it must hold the CA that signed the broker's certificate)";
        }
        if (chain.contains("No subject alternative") || chain.contains("doesn't match")
                || chain.contains("does not match")) {
            return "TLS with Kafka at " + bootstrap + " failed: the broker's certificate is not for that name: "
                    + "connect by a name or address its certificate holds (kafka bootstrap servers)";
        }
        if (chain.contains("certificate_unknown") || chain.contains("bad_certificate")
                || chain.contains("certificate_required")) {
            return "TLS with Kafka at " + bootstrap + " failed: the broker refused this client's certificate: check "
                    + prefix + "ssl.keystore.location (signed by a CA the broker trusts, not expired)";
        }
        return "TLS with Kafka at " + bootstrap + " failed (" + chain + "): check " + prefix + "security.protocol and "
                + prefix + "ssl.truststore.location";
    }

    private static String messages(Throwable error) {
        StringBuilder all = new StringBuilder();
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t.getMessage() != null) {
                all.append(all.length() == 0 ? "" : ": ").append(t.getMessage());
            }
        }
        return all.toString();
    }

    /**
     * What a client that got no answer at all should be told: a plaintext client at a TLS listener (or the
     * reverse) sees only a closed connection, which looks like a broker that is down.
     */
    public static String noAnswer(String bootstrap, String prefix) {
        return "Kafka at " + bootstrap + " did not answer: check kafka.bootstrap.servers, and that " + prefix
                + "security.protocol matches the listener (SASL_SSL for a secured cluster)";
    }
}
