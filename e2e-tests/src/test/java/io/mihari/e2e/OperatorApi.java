package io.mihari.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mihari.testsupport.Retryable;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/** The dashboard API as Kurashiki's operator (e2e-users.yaml), logged in on first use. */
final class OperatorApi {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http;
    private final String dashboardUrl;
    private String token;

    OperatorApi(HttpClient http, String dashboardUrl) {
        this.http = http;
        this.dashboardUrl = dashboardUrl;
    }

    /** GET {@code path}, asserting 200; the answer's JSON. */
    synchronized JsonNode get(String path) throws IOException, InterruptedException {
        return JSON.readTree(getResponse(path).body());
    }

    /** GET {@code path}, asserting 200; the whole answer (headers included). */
    synchronized HttpResponse<String> getResponse(String path) throws IOException, InterruptedException {
        if (token == null) {
            HttpResponse<String> login = http.send(HttpRequest.newBuilder(URI.create(dashboardUrl + "/api/auth/login"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(
                            "{\"username\":\"kurashiki-dx\",\"password\":\"e2e-password\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(login.statusCode()).as(login.body()).isEqualTo(200);
            token = JSON.readTree(login.body()).path("token").asText();
        }
        HttpResponse<String> response = Retryable.io(() -> http.send(HttpRequest.newBuilder(
                URI.create(dashboardUrl + path)).header("Authorization", "Bearer " + token).build(),
                HttpResponse.BodyHandlers.ofString()));
        assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(200);
        return response;
    }
}
