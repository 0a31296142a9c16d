package io.mihari.dashboard;

import io.mihari.dashboard.auth.Totp;
import io.mihari.dashboard.auth.login.SecondFactor;
import io.mihari.testsupport.MihariInfraResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ExtractableResponse;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.startsWith;

/**
 * Logins, tokens and second factors through HTTP against the real login state in OpenSearch (issue 12, findings 4–6).
 * Each test uses its own user and client address (X-Forwarded-For, trusted from the loopback in the test profile).
 */
@QuarkusTest
@WithTestResource(MihariInfraResource.class)
class AuthLifecycleTest {

    @ConfigProperty(name = "mihari.opensearch.url")
    String openSearchUrl;

    @Inject
    SecondFactor secondFactor;

    static ExtractableResponse<io.restassured.response.Response> login(String address, String user, String password,
            String code) {
        return given().header("X-Forwarded-For", address).contentType("application/json")
                .body(Map.of("username", user, "password", password, "code", code)).when().post("/api/auth/login")
                .then().extract();
    }

    @Test
    void fiftyWrongPasswordsGetAFewAnswersThenWaitsAndAnAdminSeesAndEndsTheLockout() {
        int refused = 0;
        int waits = 0;
        for (int i = 0; i < 50; i++) {
            var r = login("203.0.113.50", "guessed-op", "guess-" + i, "");
            if (r.statusCode() == 401) {
                refused++;
            } else {
                assertThat(r.statusCode()).isEqualTo(429);
                assertThat(r.header("Retry-After")).isNotBlank();
                assertThat(r.contentType()).startsWith("application/problem+json");
                waits++;
            }
        }
        assertThat(refused).as("bcrypt ran for only a few guesses").isLessThanOrEqualTo(6);
        assertThat(waits).isGreaterThanOrEqualTo(44);
        assertThat(login("203.0.113.51", "guessed-op", "test-password", "").statusCode())
                .as("the right password waits too").isEqualTo(429);

        org.awaitility.Awaitility.await().untilAsserted(() -> // listed from a search: near real time
                Login.as("admin").when().get("/api/admin/auth/lockouts").then().statusCode(200)
                        .body("key", hasItem("account|guessed-op")));
        Login.as("kurashiki-dx").when().get("/api/admin/auth/lockouts").then().statusCode(403);
        Login.as("admin").contentType("application/json").body(Map.of("key", "account|guessed-op"))
                .when().post("/api/admin/auth/unlock").then().statusCode(204);
        Login.as("admin").contentType("application/json").body(Map.of("key", "address|203.0.113.50"))
                .when().post("/api/admin/auth/unlock").then().statusCode(204);
        assertThat(login("203.0.113.51", "guessed-op", "test-password", "").statusCode()).isEqualTo(200);
    }

    @Test
    void aOneTimeCodeIsAcceptedOnceAndItsReplayGetsTheOneRefusal() {
        String code = Totp.code(Login.SECRETS.get("replay-vendor"), Clock.systemUTC().instant());
        assertThat(login("203.0.113.60", "replay-vendor", "test-password", code).statusCode()).isEqualTo(200);
        var replay = login("203.0.113.60", "replay-vendor", "test-password", code);
        assertThat(replay.statusCode()).isEqualTo(401);
        assertThat(replay.body().asString()).contains("wrong user, password or code");
    }

    @Test
    void twoInstancesReadingTheSameStateCannotBothAcceptOneCode() {
        String secret = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";
        String user = "race-" + System.nanoTime();
        String code = Totp.code(secret, Clock.systemUTC().instant());
        var seenByFirst = secondFactor.state(user);
        var seenBySecond = secondFactor.state(user);
        assertThat(secondFactor.check(user, secret, code, seenByFirst, true)).isEqualTo(SecondFactor.Check.ACCEPTED);
        assertThat(secondFactor.check(user, secret, code, seenBySecond, true)).isEqualTo(SecondFactor.Check.REPLAYED);
    }

    @Test
    void logoutRevokesTheTokenAndARenewalReplacesIt() {
        String token = login("203.0.113.70", "session-op", "test-password", "").path("token");
        given().auth().oauth2(token).when().get("/api/auth/me").then().statusCode(200).body("id", equalTo("session-op"));
        String renewed = given().auth().oauth2(token).when().post("/api/auth/refresh").then().statusCode(200)
                .extract().path("token");
        given().auth().oauth2(token).when().get("/api/auth/me").then().statusCode(401);
        given().auth().oauth2(renewed).when().get("/api/auth/me").then().statusCode(200);
        given().auth().oauth2(renewed).when().post("/api/auth/logout").then().statusCode(204);
        given().auth().oauth2(renewed).when().get("/api/services").then().statusCode(401)
                .contentType("application/problem+json");
    }

    @Test
    void aUserRemovedFromTheUsersFileLosesAccessAtOnce() throws Exception {
        Path file = Path.of("target/test-classes/test-users.yaml");
        String before = Files.readString(file);
        String token = login("203.0.113.80", "leaver", "test-password", Login.code("leaver")).path("token");
        given().auth().oauth2(token).when().get("/api/services").then().statusCode(200);
        int at = before.indexOf("  - id: leaver");
        int end = before.indexOf("  - id:", at + 5);
        try {
            Files.writeString(file, before.substring(0, at) + before.substring(end));
            given().auth().oauth2(token).when().get("/api/services").then().statusCode(401);
        } finally {
            Files.writeString(file, before);
        }
    }

    @Test
    void aVendorWithoutAFactorEnrolsOneWithAQrCodeAndRecoveryCodesAndAnAdminCanResetIt() {
        var first = login("203.0.113.90", "new-vendor", "test-password", "");
        assertThat(first.statusCode()).isEqualTo(200);
        assertThat((Boolean) first.path("mustEnrol")).isTrue();
        String enrolment = first.path("token");
        given().auth().oauth2(enrolment).when().get("/api/services").then().statusCode(403)
                .contentType("application/problem+json");

        var offer = given().auth().oauth2(enrolment).when().post("/api/auth/enrolment/totp").then().statusCode(200)
                .body("uri", startsWith("otpauth://totp/Mihari:new-vendor?secret="))
                .body("qrSvg", startsWith("<svg")).extract();
        String secret = offer.path("secret");
        given().auth().oauth2(enrolment).contentType("application/json").body(Map.of("code", "000000"))
                .when().post("/api/auth/enrolment/totp/confirm").then().statusCode(400)
                .contentType("application/problem+json");
        var enrolled = given().auth().oauth2(enrolment).contentType("application/json")
                .body(Map.of("code", Totp.code(secret, Clock.systemUTC().instant())))
                .when().post("/api/auth/enrolment/totp/confirm").then().statusCode(200)
                .body("recoveryCodes", hasSize(10)).extract();
        String session = enrolled.path("session.token");
        List<String> recovery = enrolled.path("recoveryCodes");
        given().auth().oauth2(session).when().get("/api/services").then().statusCode(200);
        given().auth().oauth2(enrolment).when().post("/api/auth/enrolment/totp").then().statusCode(401);

        // the password alone no longer does; a recovery code does, once
        assertThat(login("203.0.113.90", "new-vendor", "test-password", "").statusCode()).isEqualTo(401);
        var withRecovery = login("203.0.113.90", "new-vendor", "test-password", recovery.get(0));
        assertThat(withRecovery.statusCode()).isEqualTo(200);
        assertThat((Integer) withRecovery.path("recoveryCodesLeft")).isEqualTo(9);
        assertThat(login("203.0.113.90", "new-vendor", "test-password", recovery.get(0)).statusCode()).isEqualTo(401);

        // lost: an administrator resets it; earlier tokens are void, the next login enrols again
        Login.as("fujitsu-ops").when().post("/api/admin/auth/users/new-vendor/reset-factor").then().statusCode(403);
        Login.as("admin").when().post("/api/admin/auth/users/new-vendor/reset-factor").then().statusCode(204);
        given().auth().oauth2(session).when().get("/api/services").then().statusCode(401);
        assertThat((Boolean) login("203.0.113.90", "new-vendor", "test-password", "").path("mustEnrol")).isTrue();
    }

    @Test
    void aCityThatAsksForASecondFactorGetsItFromItsOperators() {
        assertThat((Boolean) login("203.0.113.95", "takamatsu-op", "test-password", "").path("mustEnrol")).isTrue();
        assertThat((Boolean) login("203.0.113.95", "session-op", "test-password", "").path("mustEnrol")).isFalse();
    }

    @Test
    void withoutTheLoginStateLoginsAnswer503() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        send(http, "/mihari-auth/_close");
        try {
            given().header("X-Forwarded-For", "203.0.113.99").contentType("application/json")
                    .body(Map.of("username", "session-op", "password", "test-password")).when()
                    .post("/api/auth/login").then().statusCode(503).contentType("application/problem+json")
                    .body("detail", org.hamcrest.Matchers.containsString("login state"));
        } finally {
            send(http, "/mihari-auth/_open");
        }
        org.awaitility.Awaitility.await().untilAsserted(() -> assertThat(
                login("203.0.113.99", "session-op", "test-password", "").statusCode()).isEqualTo(200));
    }

    void send(HttpClient http, String path) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(openSearchUrl + path))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    }

}
