package io.mihari.dashboard.store;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.mihari.dashboard.config.DashboardConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.opensearch.client.json.jackson.JacksonJsonpMapper;
import org.opensearch.client.opensearch.OpenSearchClient;

import java.io.IOException;

/** The OpenSearch client: TLS, login and bounded timeouts as configured, Quarkus' ObjectMapper (ISO instants). */
@ApplicationScoped
public class OpenSearchClientProducer {

    @Produces
    @Singleton
    OpenSearchClient client(DashboardConfig config, ObjectMapper objectMapper) {
        // HTTPS with the cluster's CA, the security plugin's user and password, bounded timeouts
        // (mihari.opensearch.*; a wrong setting stops the start naming its key). Documents may carry fields a reader
        // does not need (request bodies refuse unknown fields; stored documents written by alert-service must not).
        var transport = config.opensearch().connection().transport(
                new JacksonJsonpMapper(objectMapper.copy()
                        .disable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)));
        return new OpenSearchClient(transport);
    }

    void close(@Disposes OpenSearchClient client) throws IOException {
        client._transport().close();
    }
}
