package io.mihari.dashboard.store;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.mihari.dashboard.config.DashboardConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.util.Timeout;
import org.opensearch.client.json.jackson.JacksonJsonpMapper;
import org.opensearch.client.opensearch.OpenSearchClient;
import org.opensearch.client.transport.httpclient5.ApacheHttpClient5TransportBuilder;

import java.io.IOException;
import java.net.URI;

/** The OpenSearch client, with bounded timeouts and Quarkus' ObjectMapper (ISO instants). */
@ApplicationScoped
public class OpenSearchClientProducer {

    @Produces
    @Singleton
    OpenSearchClient client(DashboardConfig config, ObjectMapper objectMapper) {
        HttpHost host;
        try {
            host = HttpHost.create(URI.create(config.opensearch().url()));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("mihari.opensearch.url '" + config.opensearch().url()
                    + "' is not a URL like http://127.0.0.1:9200", e);
        }
        var transport = ApacheHttpClient5TransportBuilder.builder(host)
                // documents may carry fields a reader does not need (request bodies refuse unknown fields; stored
                // documents written by alert-service must not)
                .setMapper(new JacksonJsonpMapper(objectMapper.copy()
                        .disable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)))
                .setRequestConfigCallback(request -> request
                        .setConnectTimeout(Timeout.of(config.opensearch().connectTimeout()))
                        .setResponseTimeout(Timeout.of(config.opensearch().responseTimeout())))
                .build();
        return new OpenSearchClient(transport);
    }

    void close(@Disposes OpenSearchClient client) throws IOException {
        client._transport().close();
    }
}
