package io.mihari.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mihari.dashboard.auth.passkey.SoftwareAuthenticator;
import io.mihari.testsupport.MihariInfraResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

/**
 * Passkeys through HTTP against the real login state in OpenSearch, with a software authenticator that makes real
 * attestations and assertions (EC P-256, its own CBOR): registering one, logging in with the password and it, every
 * wrong way of trying — all the one 401 —, an administrator's reset and the throttle. The test profile keeps the quick
 * start's relying party (localhost) and origin (http://localhost:8080), which the authenticator writes into its answers.
 * Each test has its own user and client address.
 */
@QuarkusTest
@WithTestResource(MihariInfraResource.class)
class PasskeyLoginTest {

    static final String ORIGIN = "http://localhost:8080";
    static final String RP = "localhost";

    static JsonNode json(String body) {
        try {
            return SoftwareAuthenticator.JSON.readTree(body);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static ExtractableResponse<Response> passwordLogin(String address, String user, String password) {
        return given().header("X-Forwarded-For", address).contentType("application/json")
                .body(Map.of("username", user, "password", password)).when().post("/api/auth/login").then().extract();
    }

    static String challenge() {
        return given().when().post("/api/auth/passkey/login/challenge").then().statusCode(200)
                .body("rpId", equalTo(RP)).body("allowCredentials", hasSize(0)).extract().path("challenge");
    }

    static ExtractableResponse<Response> passkeyLogin(String address, String user, String password,
            ObjectNode credential) {
        return given().header("X-Forwarded-For", address).contentType("application/json")
                .body(Map.of("username", user, "password", password, "credential", credential)).when()
                .post("/api/auth/passkey/login").then().extract();
    }

    /** Registers {@code key} with the token (a session, or the token that may only enrol). */
    static ExtractableResponse<Response> register(String token, SoftwareAuthenticator key, String name) {
        String options = given().auth().oauth2(token).when().post("/api/auth/passkeys/registration/challenge")
                .then().statusCode(200).extract().asString();
        return given().auth().oauth2(token).contentType("application/json")
                .body(Map.of("name", name, "credential", key.register(json(options)))).when()
                .post("/api/auth/passkeys/registration").then().extract();
    }

    /** A user without a factor enrols {@code key} as the first one; answers the session that begins. */
    static String enrol(String address, String user, SoftwareAuthenticator key) {
        var first = passwordLogin(address, user, "test-password");
        assertThat((Boolean) first.path("mustEnrol")).isTrue();
        var registered = register(first.path("token"), key, "ノート PC");
        assertThat(registered.statusCode()).as(registered.asString()).isEqualTo(200);
        return registered.path("session.token");
    }

    static Map<String, Object> claims(String token) throws Exception {
        String payload = new String(Base64.getUrlDecoder().decode(token.split("\\.")[1]), StandardCharsets.UTF_8);
        @SuppressWarnings("unchecked")
        Map<String, Object> claims = SoftwareAuthenticator.JSON.readValue(payload, Map.class);
        return claims;
    }

    @org.eclipse.microprofile.config.inject.ConfigProperty(name = "mihari.opensearch.url")
    String openSearchUrl;

    @jakarta.inject.Inject
    io.mihari.dashboard.auth.state.OpenSearchAuthStore store;

    int send(String method, String path, String body) throws Exception {
        return java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create(openSearchUrl + path)).header("Content-Type", "application/json")
                .method(method, java.net.http.HttpRequest.BodyPublishers.ofString(body)).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    @Test
    void aLoginStateIndexMadeBeforePasskeysTakesTheirFieldsAtStart() throws Exception {
        String index = "mihari-auth-schema-1-" + System.nanoTime();
        try (var in = getClass().getResourceAsStream("/mihari-auth-schema-1.json")) {
            assertThat(send("PUT", "/" + index, new String(in.readAllBytes(), StandardCharsets.UTF_8))).isEqualTo(200);
        }
        String user = """
                {"kind":"user","userId":"u","passkeys":[{"credentialId":"AQ","publicKey":"pQ","aaguid":"0",
                 "signCount":3,"name":"key","createdAt":"2026-12-01T00:00:00Z"}],"updatedAt":"2026-12-01T00:00:00Z"}""";
        assertThat(send("PUT", "/" + index + "/_doc/user%7Cu", user)).as("schema 1 is strict: no passkeys")
                .isEqualTo(400);
        store.upgrade(index, io.mihari.model.index.IndexTemplates.DASHBOARD.get(0));
        assertThat(send("PUT", "/" + index + "/_doc/user%7Cu", user)).isEqualTo(201);
        assertThat(send("DELETE", "/" + index, "")).isEqualTo(200);
    }

    @Test
    void aVendorEnrolsAPasskeyAsTheFirstFactorThenLogsInWithThePasswordAndIt() throws Exception {
        SoftwareAuthenticator key = new SoftwareAuthenticator(ORIGIN, RP);
        var first = passwordLogin("203.0.113.110", "pk-enrol", "test-password");
        String enrolment = first.path("token");
        given().auth().oauth2(enrolment).when().get("/api/auth/passkeys").then().statusCode(403)
                .contentType("application/problem+json");
        var registered = register(enrolment, key, "ノート PC");
        assertThat(registered.statusCode()).as(registered.asString()).isEqualTo(200);
        assertThat(registered.<List<String>>path("recoveryCodes")).hasSize(10);
        assertThat(registered.<String>path("passkey.name")).isEqualTo("ノート PC");
        assertThat(registered.<String>path("passkey.id")).isEqualTo(key.id());
        given().auth().oauth2(enrolment).when().post("/api/auth/passkeys/registration/challenge").then()
                .statusCode(401); // the enrolment is over: its token is revoked
        given().auth().oauth2(registered.<String>path("session.token")).when().get("/api/services").then()
                .statusCode(200);

        assertThat(passwordLogin("203.0.113.110", "pk-enrol", "test-password").statusCode())
                .as("the password alone no longer does").isEqualTo(401);
        var login = passkeyLogin("203.0.113.110", "pk-enrol", "test-password", key.assertion(challenge()));
        assertThat(login.statusCode()).as(login.asString()).isEqualTo(200);
        assertThat((Boolean) login.path("mustEnrol")).isFalse();
        String token = login.path("token");
        Map<String, Object> claims = claims(token);
        assertThat(claims).containsEntry("purpose", "session").containsEntry("sub", "pk-enrol")
                .containsKeys("jti", "auth_time", "exp", "iat");
        given().auth().oauth2(token).when().get("/api/auth/me").then().statusCode(200).body("id", equalTo("pk-enrol"));
        given().auth().oauth2(token).when().get("/api/services").then().statusCode(200);
        given().auth().oauth2(token).when().get("/api/auth/passkeys").then().statusCode(200)
                .body("id", org.hamcrest.Matchers.contains(key.id()))
                .body("[0].lastUsedAt", org.hamcrest.Matchers.notNullValue())
                .body("[0]", org.hamcrest.Matchers.not(org.hamcrest.Matchers.hasKey("publicKey")));
    }

    @Test
    void everyWrongWayOfLoggingInWithAPasskeyGetsTheOneRefusal() {
        String address = "203.0.113.120";
        SoftwareAuthenticator key = new SoftwareAuthenticator(ORIGIN, RP);
        SoftwareAuthenticator clone = key.copy(); // the same key and id, its counter left behind
        SoftwareAuthenticator someoneElses = new SoftwareAuthenticator(ORIGIN, RP);
        enrol(address, "pk-refused", key);
        enrol("203.0.113.121", "pk-other", someoneElses);
        List<String> refusals = new ArrayList<>();
        // two failures, then a success that clears the account's count (a third failure would make the next wait)
        refusals.add(passwordLogin(address, "pk-refused", "wrong").asString());
        refusals.add(passkeyLogin(address, "pk-refused", "wrong", key.assertion(challenge())).asString());
        ObjectNode good = key.assertion(challenge());
        assertThat(passkeyLogin(address, "pk-refused", "test-password", good).statusCode()).isEqualTo(200);

        refusals.add(passkeyLogin(address, "pk-refused", "test-password", someoneElses.assertion(challenge()))
                .asString());
        refusals.add(passkeyLogin(address, "pk-refused", "test-password",
                key.at("https://mihari.evil.example", RP).assertion(challenge())).asString());
        assertThat(passkeyLogin(address, "pk-refused", "test-password", key.assertion(challenge())).statusCode())
                .isEqualTo(200);

        refusals.add(passkeyLogin(address, "pk-refused", "test-password", good).asString()); // replayed as it was
        refusals.add(passkeyLogin(address, "pk-refused", "test-password", clone.assertion(challenge())).asString());
        assertThat(passkeyLogin(address, "pk-refused", "test-password", key.assertion(challenge())).statusCode())
                .isEqualTo(200);

        refusals.add(passkeyLogin(address, "pk-refused", "test-password",
                key.at(ORIGIN, "evil.example").assertion(challenge())).asString());
        refusals.add(passkeyLogin(address, "pk-refused", "test-password",
                clone.counter(key.counter() - 1).assertion(challenge())).asString()); // the counter last accepted
        assertThat(passkeyLogin(address, "pk-refused", "test-password", key.assertion(challenge())).statusCode())
                .as("the real authenticator goes on").isEqualTo(200);

        refusals.add(passkeyLogin(address, "nobody-at-all", "test-password", key.assertion(challenge())).asString());
        assertThat(refusals).as("one answer whatever was wrong").hasSize(9).containsOnly(refusals.get(0));
        assertThat(refusals.get(0)).contains("wrong user, password or code");
    }

    @Test
    void anAdministratorsResetRemovesThePasskeysAndVoidsTheTokens() {
        String address = "203.0.113.130";
        SoftwareAuthenticator key = new SoftwareAuthenticator(ORIGIN, RP);
        String enrolled = enrol(address, "pk-reset", key);
        String session = passkeyLogin(address, "pk-reset", "test-password", key.assertion(challenge())).path("token");
        given().auth().oauth2(session).when().get("/api/services").then().statusCode(200);

        Login.as("fujitsu-ops").when().post("/api/admin/auth/users/pk-reset/reset-factor").then().statusCode(403);
        Login.as("admin").when().post("/api/admin/auth/users/pk-reset/reset-factor").then().statusCode(204);
        given().auth().oauth2(session).when().get("/api/services").then().statusCode(401);
        given().auth().oauth2(enrolled).when().get("/api/services").then().statusCode(401);
        assertThat(passkeyLogin(address, "pk-reset", "test-password", key.assertion(challenge())).statusCode())
                .as("the lost passkey no longer logs in").isEqualTo(401);
        var again = passwordLogin(address, "pk-reset", "test-password");
        assertThat((Boolean) again.path("mustEnrol")).as("nothing is left: enrol again").isTrue();
        given().auth().oauth2(again.<String>path("token")).when().post("/api/auth/passkeys/registration/challenge")
                .then().statusCode(200).body("excludeCredentials", hasSize(0));
    }

    @Test
    void aResetOfAUserWhoseTotpIsInTheUsersFileRemovesThePasskeysAndKeepsTheCode() {
        SoftwareAuthenticator key = new SoftwareAuthenticator(ORIGIN, RP);
        var registered = register(Login.token("pk-totp"), key, "YubiKey");
        assertThat(registered.statusCode()).as(registered.asString()).isEqualTo(200);
        assertThat(registered.<Object>path("recoveryCodes")).as("not enrolling: no recovery codes").isNull();
        assertThat(registered.<Object>path("session")).isNull();
        assertThat(passkeyLogin("203.0.113.135", "pk-totp", "test-password", key.assertion(challenge()))
                .statusCode()).isEqualTo(200);

        Login.as("admin").when().post("/api/admin/auth/users/pk-totp/reset-factor").then().statusCode(204);
        assertThat(passkeyLogin("203.0.113.135", "pk-totp", "test-password", key.assertion(challenge()))
                .statusCode()).isEqualTo(401);
        Login.as("admin").when().post("/api/admin/auth/users/pk-totp/reset-factor").then().statusCode(409)
                .body("detail", containsString("users file"));
    }

    @Test
    void passkeyAttemptsAreCountedAndThrottledLikeCodes() {
        String address = "203.0.113.140";
        SoftwareAuthenticator key = new SoftwareAuthenticator(ORIGIN, RP);
        SoftwareAuthenticator stranger = new SoftwareAuthenticator(ORIGIN, RP);
        enrol(address, "pk-throttle", key);
        for (int i = 0; i < 4; i++) { // three free failures; the fourth makes the next attempt wait
            assertThat(passkeyLogin(address, "pk-throttle", "test-password", stranger.assertion(challenge()))
                    .statusCode()).isEqualTo(401);
        }
        var waits = passkeyLogin(address, "pk-throttle", "test-password", key.assertion(challenge()));
        assertThat(waits.statusCode()).as("the right passkey waits too").isEqualTo(429);
        assertThat(waits.header("Retry-After")).isNotBlank();
        assertThat(passwordLogin(address, "pk-throttle", "test-password").statusCode())
                .as("one count for both ways in").isEqualTo(429);

        org.awaitility.Awaitility.await().untilAsserted(() -> // listed from a search: near real time
                Login.as("admin").when().get("/api/admin/auth/lockouts").then().statusCode(200)
                        .body("key", org.hamcrest.Matchers.hasItem("account|pk-throttle")));
        Login.as("admin").contentType("application/json").body(Map.of("key", "account|pk-throttle"))
                .when().post("/api/admin/auth/unlock").then().statusCode(204);
        assertThat(passkeyLogin(address, "pk-throttle", "test-password", key.assertion(challenge())).statusCode())
                .isEqualTo(200);
    }

    @Test
    void ownPasskeysAreListedAddedAndRemovedButNeverTheLastFactor() {
        SoftwareAuthenticator first = new SoftwareAuthenticator(ORIGIN, RP);
        SoftwareAuthenticator second = new SoftwareAuthenticator(ORIGIN, RP);
        String session = enrol("203.0.113.150", "pk-manage", first);
        given().auth().oauth2(session).when().delete("/api/auth/passkeys/" + first.id()).then().statusCode(409)
                .contentType("application/problem+json").body("detail", containsString("only second factor"));

        assertThat(register(session, first.copy(), "again").statusCode()).as("the same authenticator twice")
                .isEqualTo(409);
        var phishing = register(session, new SoftwareAuthenticator("https://mihari.evil.example", RP), "evil");
        assertThat(phishing.statusCode()).isEqualTo(400);
        assertThat(phishing.contentType()).startsWith("application/problem+json");
        assertThat(phishing.<String>path("detail")).contains("BadOrigin");
        assertThat(register(session, second, "スマートフォン").statusCode()).isEqualTo(200);
        given().auth().oauth2(session).when().get("/api/auth/passkeys").then().statusCode(200)
                .body("name", org.hamcrest.Matchers.contains("ノート PC", "スマートフォン"));

        given().auth().oauth2(session).when().delete("/api/auth/passkeys/" + first.id()).then().statusCode(204);
        given().auth().oauth2(session).when().get("/api/auth/passkeys").then().statusCode(200)
                .body("id", org.hamcrest.Matchers.contains(second.id()));
        assertThat(passkeyLogin("203.0.113.150", "pk-manage", "test-password", first.assertion(challenge()))
                .statusCode()).as("a removed passkey logs in no more").isEqualTo(401);
        Login.as("ines-ops").when().delete("/api/auth/passkeys/" + second.id()).then().statusCode(404);
        given().auth().oauth2(session).when().get("/api/auth/passkeys").then().body("id", hasSize(1));

        Login.as("kurashiki-dx").when().post("/api/auth/passkeys/registration/challenge").then().statusCode(403)
                .body("detail", containsString("password alone"));
    }
}
