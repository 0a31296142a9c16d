package io.mihari.alert.store;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.mihari.testsupport.MihariInfraResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/** Templates against a real OpenSearch, including indices created by an older version. */
@QuarkusTest
@WithTestResource(MihariInfraResource.class)
class IndexSetupTest {

    @Inject
    IndexSetup setup;

    @ConfigProperty(name = "mihari.opensearch.url")
    String url;

    final HttpClient http = HttpClient.newHttpClient();

    HttpResponse<String> send(String method, String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url + path)).header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void dailyIndexCreatedByAnOlderVersionGetsTheNewFieldsAtStart() throws Exception {
        // as an older alert-service left it: strict, heartbeats only
        assertThat(send("PUT", "/mihari-events-2001.01.01", """
                {"mappings":{"dynamic":"strict","properties":{"eventId":{"type":"keyword"},
                 "heartbeat":{"properties":{"intervalSeconds":{"type":"integer"}}}}}}""").statusCode()).isEqualTo(200);

        setup.install();

        String mapping = send("GET", "/mihari-events-2001.01.01/_mapping", null).body();
        var properties = new ObjectMapper().readTree(mapping).path("mihari-events-2001.01.01").path("mappings")
                .path("properties");
        assertThat(properties.has("check")).isTrue();
        assertThat(properties.path("resources").path("properties").has("disks")).isTrue();
        assertThat(send("PUT", "/mihari-events-2001.01.01/_doc/x?refresh=true",
                "{\"eventId\":\"x\",\"check\":{\"name\":\"web\",\"status\":\"UP\"}}").statusCode()).isEqualTo(201);
    }
}
