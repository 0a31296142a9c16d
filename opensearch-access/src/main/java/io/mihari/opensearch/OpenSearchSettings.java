package io.mihari.opensearch;

import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Optional;

/**
 * The {@code mihari.opensearch.*} settings alert-service and dashboard-api share (each service's config mapping
 * extends this group), turned into one {@link OpenSearchConnection} by {@link #connection()}.
 */
public interface OpenSearchSettings {

    /** Base URL, e.g. {@code http://127.0.0.1:19200}. */
    String url();

    /** How long to wait for a connection. */
    @WithDefault("5s")
    Duration connectTimeout();

    /** How long to wait for an answer. */
    @WithDefault("30s")
    Duration responseTimeout();

    /** User of OpenSearch's security plugin (HTTP basic, over https only); none: no login. */
    Optional<String> username();

    /** Its password, e.g. from the environment ({@code MIHARI_OPENSEARCH_PASSWORD}). */
    Optional<String> password();

    /** A file holding the password (wins over {@code password}); readable by the service's user only. */
    Optional<java.nio.file.Path> passwordFile();

    /** The CA of the cluster's certificate; none: the JVM's trusted CAs (e.g. Amazon OpenSearch Service). */
    Truststore truststore();

    interface Truststore {
        /** A trust store file holding the CA. */
        Optional<java.nio.file.Path> path();

        /** Its type. */
        @WithDefault("PKCS12")
        String type();

        /** Its password, if it has one. */
        Optional<String> password();
    }

    /** Amazon OpenSearch Service with IAM: requests signed with SigV4 instead of a login. */
    Aws aws();

    interface Aws {
        /** The domain's region, e.g. {@code ap-northeast-1}; none: requests are not signed. */
        Optional<String> region();

        /** {@code es} for a domain, {@code aoss} for OpenSearch Serverless. */
        @WithDefault("es")
        String service();
    }

    /** These settings as one connection (every problem named by its key). */
    default OpenSearchConnection connection() {
        return new OpenSearchConnection("mihari.opensearch.", url(), username(), password(),
                passwordFile(), truststore().path(), truststore().type(), truststore().password(),
                connectTimeout(), responseTimeout(), aws().region(), aws().service());
    }
}
