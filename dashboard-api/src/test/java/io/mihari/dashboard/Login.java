package io.mihari.dashboard;

import io.mihari.dashboard.auth.Totp;

import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import static io.restassured.RestAssured.given;

/** Logs the test users in (every password is "test-password"; the admin also gives the current one-time code). */
public final class Login {

    /** The admin's second-factor secret in src/test/resources/test-users.yaml. */
    public static final String ADMIN_TOTP = "W2MM2KYF4IXTERTEC3NZK2PKCUWW7F5Y";
    private static final Map<String, String> TOKENS = new ConcurrentHashMap<>();

    private Login() {
    }

    /** A token of the user (cached for the test run; tokens last 8 h). */
    public static String token(String user) {
        return TOKENS.computeIfAbsent(user, u -> given().contentType("application/json")
                .body(Map.of("username", u, "password", "test-password",
                        "code", "admin".equals(u) ? Totp.code(ADMIN_TOTP, Clock.systemUTC().instant()) : ""))
                .when().post("/api/auth/login").then().statusCode(200).extract().path("token"));
    }

    /** A request as {@code user}. */
    public static io.restassured.specification.RequestSpecification as(String user) {
        return given().auth().oauth2(token(user));
    }
}
