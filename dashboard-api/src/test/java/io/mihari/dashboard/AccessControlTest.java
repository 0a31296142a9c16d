package io.mihari.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mihari.model.index.IndexTemplates;
import io.mihari.testsupport.MihariInfraResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

/**
 * Deny by default, and a vendor sees nothing of another vendor's: every endpoint of the OpenAPI document is walked
 * with the ids of Fujitsu's service, as INES's vendor and without a login. A new endpoint is covered the day it is
 * added.
 */
@QuarkusTest
@WithTestResource(MihariInfraResource.class)
class AccessControlTest {

    static final ObjectMapper JSON = new ObjectMapper();
    /** Values that would leak Fujitsu's service to INES. */
    /** The id of the passkey Fujitsu's vendor registers (base64url of "fujitsu-passkey-1"). */
    static final String FUJITSU_PASSKEY = java.util.Base64.getUrlEncoder().withoutPadding()
            .encodeToString("fujitsu-passkey-1".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    static final List<String> FUJITSU = List.of("kurashiki-juki", "INC-20261101-0001", "krs-juki", "cmd-fujitsu-1",
            "mw-fujitsu-1", FUJITSU_PASSKEY);
    static final Map<String, String> PARAMETERS = Map.ofEntries(Map.entry("id", "INC-20261101-0001"),
            Map.entry("serviceId", "kurashiki-juki"), Map.entry("tenant", "kurashiki"), Map.entry("host", "krs-juki-db1"),
            Map.entry("commandId", "cmd-fujitsu-1"), Map.entry("windowId", "mw-fujitsu-1"), Map.entry("month", "2026-11"),
            Map.entry("vendor", "fujitsu-japan"), Map.entry("userId", "fujitsu-ops"),
            Map.entry("credentialId", FUJITSU_PASSKEY), Map.entry("quarter", "2026-Q4"), Map.entry("year", "2026"));
    /** Operations that act only on the caller's own token (they would end the walk's session): AuthLifecycleTest. */
    static final List<String> OWN_TOKEN = List.of("/api/auth/login", "/api/auth/logout", "/api/auth/refresh");
    /** The logins, open to anyone (password and code; password and passkey after its challenge). */
    static final List<String> OPEN = List.of("/api/auth/login", "/api/auth/passkey/login",
            "/api/auth/passkey/login/challenge");
    /** What the token of someone who must first enrol a second factor may reach: that enrolment (TOTP or passkey). */
    static final List<String> ENROLMENT = List.of("/api/auth/enrolment/", "/api/auth/passkeys/registration");

    @ConfigProperty(name = "mihari.opensearch.url")
    String openSearchUrl;

    final HttpClient http = HttpClient.newHttpClient();
    static boolean seeded;

    @BeforeEach
    void seed() throws Exception {
        if (seeded) {
            return;
        }
        for (IndexTemplates.Template template : IndexTemplates.ALL) {
            send("PUT", "/_index_template/" + template.name(), template.json());
        }
        send("PUT", "/mihari-incidents/_doc/INC-20261101-0001?refresh=true", """
                {"id":"INC-20261101-0001","tenant":"kurashiki","system":"juki","serviceId":"kurashiki-juki",
                 "vendor":"fujitsu-japan","kind":"LIVENESS","severity":"CRITICAL","status":"OPEN",
                 "title":"No heartbeat from kurashiki/krs-juki-db1","affectedTargets":["kurashiki/krs-juki-db1"],
                 "detectedAt":"2026-11-01T01:00:00Z","startedAt":"2026-11-01T01:00:00Z","openedAt":"2026-11-01T01:00:30Z",
                 "sla":{"firstReport":{"dueAt":"2026-11-01T02:00:00Z","automatic":true}}}""");
        send("PUT", "/mihari-incidents/_doc/INC-20261101-0002?refresh=true", """
                {"id":"INC-20261101-0002","tenant":"kurashiki","system":"hokenfukushi",
                 "serviceId":"kurashiki-hokenfukushi","vendor":"ines","kind":"LIVENESS","severity":"CRITICAL",
                 "status":"OPEN","title":"No heartbeat from kurashiki/krs-fukushi-ap1",
                 "affectedTargets":["kurashiki/krs-fukushi-ap1"],"detectedAt":"2026-11-01T02:00:00Z",
                 "startedAt":"2026-11-01T02:00:00Z","openedAt":"2026-11-01T02:00:30Z",
                 "sla":{"firstReport":{"dueAt":"2026-11-01T03:00:00Z","automatic":true}}}""");
        send("PUT", "/mihari-targets/_doc/kurashiki%2Fkrs-juki-db1?refresh=true", """
                {"targetId":"kurashiki/krs-juki-db1","tenant":"kurashiki","system":"juki","host":"krs-juki-db1",
                 "serviceId":"kurashiki-juki","status":"DOWN","since":"2026-11-01T01:00:00Z"}""");
        send("PUT", "/mihari-maintenance/_doc/mw-fujitsu-1?refresh=true", """
                {"id":"mw-fujitsu-1","serviceId":"kurashiki-juki","targetIds":[],"title":"patch",
                 "start":"2026-11-08T17:00:00Z","end":"2026-11-08T19:00:00Z"}""");
        send("PUT", "/mihari-commands/_doc/cmd-fujitsu-1?refresh=true", """
                {"commandId":"cmd-fujitsu-1","type":"POST_UPDATE","serviceId":"kurashiki-juki",
                 "incidentId":"INC-20261101-0001","outcome":"APPLIED"}""");
        // Fujitsu's vendor registers a passkey (its own login state): another vendor must not list or remove it
        var key = new io.mihari.dashboard.auth.passkey.SoftwareAuthenticator("http://localhost:8080", "localhost",
                "fujitsu-passkey-1".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        String options = Login.as("fujitsu-ops").when().post("/api/auth/passkeys/registration/challenge").then()
                .statusCode(200).extract().asString();
        Login.as("fujitsu-ops").contentType("application/json")
                .body(Map.of("name", "富士通の鍵", "credential", key.register(JSON.readTree(options))))
                .when().post("/api/auth/passkeys/registration").then().statusCode(200);
        seeded = true;
    }

    void send(String method, String path, String json) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(openSearchUrl + path))
                .header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(json))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isBetween(200, 201);
    }

    /** Every operation of the API: method and path with Fujitsu's ids filled in. */
    static List<String[]> operations() throws Exception {
        JsonNode paths = JSON.readTree(given().accept("application/json").when().get("/q/openapi?format=json")
                .then().statusCode(200).extract().asString()).path("paths");
        List<String[]> all = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = paths.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String path = e.getKey();
            for (Map.Entry<String, String> p : PARAMETERS.entrySet()) {
                path = path.replace("{" + p.getKey() + "}", p.getValue());
            }
            assertThat(path).as("every path parameter has a value here").doesNotContain("{");
            for (Iterator<String> methods = e.getValue().fieldNames(); methods.hasNext(); ) {
                String method = methods.next().toUpperCase();
                if (List.of("GET", "POST", "PUT", "DELETE").contains(method)) {
                    all.add(new String[] {method, path});
                }
            }
        }
        assertThat(all).hasSizeGreaterThan(10);
        return all;
    }

    /**
     * A valid body for each write (by the path's end), so that a refusal is the scope's, not the body's: with "{}" a
     * write answers 400 before its scope is ever looked at.
     */
    static final Map<String, String> VALID_BODIES = Map.of(
            "/updates", "{\"message\":\"AP1 を再起動中です\"}",
            "/mitigate", "{\"note\":\"暫定対処済み\"}",
            "/resolve", "{\"note\":\"恒久対策済み\"}",
            "/acknowledge", "{\"note\":\"対応中\"}",
            "/attribution", "{\"attribution\":\"CLOUD\",\"note\":\"AZ 障害\"}",
            "/report", "{\"cause\":\"c\",\"firstResponse\":\"f\",\"countermeasures\":\"p\"}",
            "/maintenance", "{\"title\":\"OS パッチ\",\"start\":\"2099-01-10T15:00:00Z\",\"end\":\"2099-01-10T17:00:00Z\"}",
            "/reject", "{\"note\":\"選挙期間中のため\"}",
            "/revisions", "{\"month\":\"2026-10\",\"reason\":\"INC を CLOUD に再分類\"}");

    static String body(String method, String path) {
        if (method.equals("GET") || method.equals("DELETE")) {
            return "{}";
        }
        return VALID_BODIES.entrySet().stream().filter(e -> path.endsWith(e.getKey())).map(Map.Entry::getValue)
                .findFirst().orElse("{}");
    }

    static Response call(io.restassured.specification.RequestSpecification request, String method, String path) {
        String sep = path.contains("?") ? "&" : "?";
        return request.contentType("application/json").body(body(method, path)).when()
                .request(method, path + sep + "service=kurashiki-juki&vendor=fujitsu-japan&month=2026-11");
    }

    /** A write of the API on another's service or incident (not one acting on the caller's own session). */
    static boolean isWrite(String[] op) {
        return !op[0].equals("GET") && op[1].startsWith("/api/") && !op[1].startsWith("/api/auth/");
    }

    @Test
    void withoutALoginEveryApiOperationIs401WithAProblemBody() throws Exception {
        for (String[] op : operations()) {
            if (!op[1].startsWith("/api/") || OPEN.contains(op[1])) {
                continue;
            }
            call(given(), op[0], op[1]).then().statusCode(401).contentType("application/problem+json")
                    .header("WWW-Authenticate", org.hamcrest.Matchers.startsWith("Bearer"))
                    .body("status", equalTo(401)).body("detail", org.hamcrest.Matchers.containsString("log in"));
        }
    }

    @Test
    void anEnrolmentSessionReachesNothingButTheEnrolment() throws Exception {
        String enrolment = given().contentType("application/json")
                .body(Map.of("username", "takamatsu-op", "password", "test-password")).when()
                .post("/api/auth/login").then().statusCode(200).body("mustEnrol", equalTo(true)).extract().path("token");
        for (String[] op : operations()) {
            if (!op[1].startsWith("/api/") || OWN_TOKEN.contains(op[1]) || OPEN.contains(op[1])
                    || ENROLMENT.stream().anyMatch(op[1]::startsWith)) {
                continue;
            }
            Response response = call(given().auth().oauth2(enrolment), op[0], op[1]);
            assertThat(response.statusCode()).as(op[0] + " " + op[1] + " → " + response.asString()).isIn(401, 403);
            assertThat(response.contentType()).as(op[0] + " " + op[1]).startsWith("application/problem+json");
        }
    }

    @Test
    void theOpenApiDocumentDeclaresTheBearerTokenForEveryApiOperationButTheLogins() throws Exception {
        JsonNode doc = JSON.readTree(given().accept("application/json").when().get("/q/openapi?format=json")
                .then().statusCode(200).extract().asString());
        assertThat(doc.path("components").path("securitySchemes").path("bearer").path("scheme").asText())
                .isEqualTo("bearer");
        assertThat(doc.path("paths").path("/api/services").path("get").path("security").toString()).contains("bearer");
        assertThat(doc.path("paths").path("/api/auth/passkeys/{credentialId}").path("delete").path("security")
                .toString()).contains("bearer");
        for (String open : OPEN) {
            assertThat(doc.path("paths").path(open).path("post").isMissingNode()).as(open).isFalse();
            assertThat(doc.path("paths").path(open).path("post").path("security").isMissingNode()).as(open).isTrue();
        }
    }

    @Test
    void aVendorGetsNothingOfAnotherVendorsOnAnyEndpoint() throws Exception {
        for (String[] op : operations()) {
            if (!op[1].startsWith("/api/") || OWN_TOKEN.contains(op[1])) {
                continue;
            }
            Response response = call(Login.as("ines-ops"), op[0], op[1]);
            int status = response.statusCode();
            String body = response.asString();
            if (isWrite(op)) {
                // with a valid body: refused for the scope (never 202, never a 400 that hides the scope check)
                assertThat(status).as(op[0] + " " + op[1] + " → " + body).isIn(403, 404);
                continue;
            }
            assertThat(status).as(op[0] + " " + op[1] + " → " + body).isIn(200, 400, 403, 404);
            if (status != 200) {
                continue; // a refusal may repeat the id that was asked for; it says no more than "not found"
            }
            for (String leak : FUJITSU) {
                assertThat(body).as(op[0] + " " + op[1] + " leaks " + leak).doesNotContain(leak);
            }
        }
        Login.as("fujitsu-ops").when().get("/api/auth/passkeys").then().statusCode(200)
                .body("id", org.hamcrest.Matchers.hasItem(FUJITSU_PASSKEY)); // INES's DELETE removed nothing
    }

    @Test
    void theVendorOfTheServiceDoesSeeIt() {
        Login.as("fujitsu-ops").when().get("/api/incidents/INC-20261101-0001").then().statusCode(200)
                .body("serviceId", equalTo("kurashiki-juki"));
        Login.as("fujitsu-ops").when().get("/api/incidents").then().statusCode(200).body("total", equalTo(1));
        Login.as("ines-ops").when().get("/api/incidents").then().statusCode(200).body("total", equalTo(1))
                .body("items[0].id", equalTo("INC-20261101-0002"));
        Login.as("kurashiki-dx").when().get("/api/incidents").then().statusCode(200).body("total", equalTo(2));
    }

    @Test
    void wrongPasswordsAndAMissingSecondFactorAreRefusedWithTheSameAnswer() {
        List<Map<String, String>> attempts = List.of(
                Map.of("username", "ines-ops", "password", "nope"),
                Map.of("username", "nobody-at-all", "password", "test-password"),
                Map.of("username", "admin", "password", "test-password"),
                Map.of("username", "admin", "password", "test-password", "code", "000000"),
                Map.of("username", "fujitsu-ops", "password", "test-password"));
        List<String> bodies = new ArrayList<>();
        for (Map<String, String> attempt : attempts) {
            bodies.add(given().header("X-Forwarded-For", "198.51.100.7").contentType("application/json").body(attempt)
                    .when().post("/api/auth/login").then().statusCode(401).contentType("application/problem+json")
                    .extract().asString());
        }
        assertThat(bodies).as("one answer whatever was wrong").containsOnly(bodies.get(0));
        assertThat(bodies.get(0)).contains("wrong user, password or code").doesNotContain("one-time code is required");
        given().auth().oauth2("not-a-token").when().get("/api/services").then().statusCode(401);
    }

    @Test
    void aVendorCannotDecideWhoseFaultItWas() {
        Login.as("fujitsu-ops").contentType("application/json").body(Map.of("attribution", "CLOUD"))
                .when().put("/api/incidents/INC-20261101-0001/attribution").then().statusCode(403)
                .contentType("application/problem+json");
    }

    @Test
    void healthMetricsAndOpenApiStayOpen() {
        given().when().get("/q/health/ready").then().statusCode(200);
        given().when().get("/q/metrics").then().statusCode(200);
        given().when().get("/q/openapi").then().statusCode(200);
    }
}
