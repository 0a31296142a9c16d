package io.mihari.dashboard;

import io.mihari.testsupport.MihariInfraResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

/** Security headers, caching and error bodies (issue 12, finding 7). */
@QuarkusTest
@WithTestResource(MihariInfraResource.class)
class WebHardeningTest {

    @Test
    void thePageForbidsInlineScriptFramingSniffingAndReferrersAndIsNeverStored() {
        given().when().get("/").then().statusCode(200)
                .header("Content-Security-Policy", containsString("script-src 'self';"))
                .header("Content-Security-Policy", containsString("frame-ancestors 'none'"))
                .header("Content-Security-Policy", not(containsString("unsafe-inline")))
                .header("X-Frame-Options", "DENY")
                .header("X-Content-Type-Options", "nosniff")
                .header("Referrer-Policy", "no-referrer")
                .header("Cache-Control", "no-store");
        given().when().get("/index.html").then().statusCode(200).header("Cache-Control", "no-store");
        given().when().get("/dashboard.js").then().statusCode(200).header("Cache-Control", "no-cache")
                .header("X-Content-Type-Options", "nosniff");
    }

    @Test
    void apiAnswersAreNeverStored() {
        Login.as("kurashiki-dx").when().get("/api/services").then().statusCode(200)
                .header("Cache-Control", "no-store").header("X-Frame-Options", "DENY");
        given().contentType("application/json").body("{\"username\":\"x\",\"password\":\"y\"}")
                .header("X-Forwarded-For", "203.0.113.200").when().post("/api/auth/login").then()
                .header("Cache-Control", "no-store");
    }

    @Test
    void theIndexPageHasNoInlineScriptStyleOrEventHandler() {
        String page = given().when().get("/").then().statusCode(200).extract().asString();
        org.assertj.core.api.Assertions.assertThat(page).doesNotContainPattern("<script(?![^>]*\\bsrc=)")
                .doesNotContainPattern("<style").doesNotContainPattern("\\son[a-z]+=").doesNotContain("style=");
    }

    @Test
    void anEmptyLoginBodyIsA400ProblemNotA500() {
        given().contentType("application/json").when().post("/api/auth/login").then().statusCode(400)
                .contentType("application/problem+json").body("detail", containsString("body"));
    }

    @Test
    void malformedJsonNamesWhereItBroke() {
        given().contentType("application/json").body("{\"username\": \"a\",, }").when().post("/api/auth/login")
                .then().statusCode(400).contentType("application/problem+json")
                .body("detail", containsString("line 1, column"));
    }

    @Test
    void anUnknownFieldIsNamed() {
        given().contentType("application/json").body("{\"username\":\"a\",\"password\":\"b\",\"otp\":\"1\"}")
                .when().post("/api/auth/login").then().statusCode(400).contentType("application/problem+json")
                .body("detail", equalTo("unknown field 'otp'"));
    }

    @Test
    void aWrongMediaTypeAndAnUnknownApiPathAreProblemsToo() {
        given().contentType("text/plain").body("x").when().post("/api/auth/login").then().statusCode(415)
                .contentType("application/problem+json");
        Login.as("kurashiki-dx").when().get("/api/no-such-thing").then().statusCode(404)
                .contentType("application/problem+json");
    }
}
