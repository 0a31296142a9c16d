package io.mihari.alert.store;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.mihari.alert.config.AlertConfig;
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
    OpenSearchClient client(AlertConfig config, ObjectMapper objectMapper) {
        // HTTPS with the cluster's CA, the security plugin's user and password, bounded timeouts
        // (mihari.opensearch.*; a wrong setting stops the start naming its key)
        var transport = config.opensearch().connection().transport(
                new JacksonJsonpMapper(objectMapper.copy()));
        return new OpenSearchClient(transport);
    }

    void close(@Disposes OpenSearchClient client) throws IOException {
        client._transport().close();
    }
}
