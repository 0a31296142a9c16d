package io.mihari.dashboard;

import io.mihari.dashboard.auth.Totp;

import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import static io.restassured.RestAssured.given;

/**
 * Logs the test users in (every password is "test-password"; who has a second factor also gives the current one-time
 * code). A code is accepted once, so each user logs in once per test run here and the token is reused.
 */
public final class Login {

    /** The admin's second-factor secret in src/test/resources/test-users.yaml. */
    public static final String ADMIN_TOTP = "W2MM2KYF4IXTERTEC3NZK2PKCUWW7F5Y";
    /** Every second-factor secret of test-users.yaml. */
    public static final Map<String, String> SECRETS = Map.of("admin", ADMIN_TOTP,
            "fujitsu-ops", "DPXZKC4DBOMOUGLUFO3NDCU5XLQIRL6Q", "ines-ops", "7WG3M3ZPAXM3Q4Y4OG5KZ3WFQITFVD5B",
            "leaver", "U6H47KYTPCOICROLA6JVKHKFATCC63RZ", "replay-vendor", "GQOZKPTJ3XKVYAHPXWAHEWBTY6UZFPDK",
            "takamatsu-ops", "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP", "pk-totp", "MFRGGZDFMZTWQ2LKNNWG23TPOBYXE43U",
            "gov-cloud-ops", "TS5RBX34SIPOFO55BIWZHJ43S4KIJW67");
    private static final Map<String, String> TOKENS = new ConcurrentHashMap<>();

    private Login() {
    }

    /** The current one-time code of a test user with a second factor, else "". */
    public static String code(String user) {
        String secret = SECRETS.get(user);
        return secret == null ? "" : Totp.code(secret, Clock.systemUTC().instant());
    }

    /** A token of the user (cached for the test run). */
    public static String token(String user) {
        return TOKENS.computeIfAbsent(user, u -> given().contentType("application/json")
                .body(Map.of("username", u, "password", "test-password", "code", code(u)))
                .when().post("/api/auth/login").then().statusCode(200).extract().path("token"));
    }

    /** A request as {@code user}. */
    public static io.restassured.specification.RequestSpecification as(String user) {
        return given().auth().oauth2(token(user));
    }
}
