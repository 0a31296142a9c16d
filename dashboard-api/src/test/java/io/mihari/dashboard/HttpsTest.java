package io.mihari.dashboard;

import io.mihari.testsupport.MihariInfraResource;
import io.mihari.testsupport.TestCertificates;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * dashboard-api served over HTTPS through Quarkus' TLS registry, as docs/security.md configures it: the page, the
 * API and the health and metrics endpoints answer only over TLS, with {@code Strict-Transport-Security}; plain HTTP
 * gets nothing.
 */
@QuarkusTest
@WithTestResource(MihariInfraResource.class)
@TestProfile(HttpsTest.Https.class)
class HttpsTest {

    /** A server certificate of a throw-away CA, and HTTPS only. */
    public static class Https implements QuarkusTestProfile {
        static final TestCertificates CERTIFICATES;

        static {
            try {
                CERTIFICATES = TestCertificates.create(Files.createTempDirectory("mihari-https-"), "localhost");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.tls.key-store.p12.path", CERTIFICATES.serverKeystore().toString(),
                    "quarkus.tls.key-store.p12.password", CERTIFICATES.password(),
                    "quarkus.http.insecure-requests", "disabled",
                    "quarkus.http.test-ssl-port", "0");
        }
    }

    @TestHTTPResource(value = "/", tls = true)
    URL https;

    static HttpClient trusting(Path truststore) {
        return HttpClient.newBuilder().sslContext(Https.CERTIFICATES.sslContextTrusting(truststore))
                .connectTimeout(Duration.ofSeconds(5)).build();
    }

    static HttpResponse<String> get(HttpClient client, String url) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void pageApiHealthAndMetricsAnswerOverTlsWithHsts() throws Exception {
        HttpClient client = trusting(Https.CERTIFICATES.truststore());
        String base = https.toString().replaceAll("/$", "");
        assertThat(base).startsWith("https://");
        for (String path : new String[] {"/", "/q/health/ready", "/q/metrics"}) {
            HttpResponse<String> r = get(client, base + path);
            assertThat(r.statusCode()).as(path).isEqualTo(200);
            assertThat(r.headers().firstValue("Strict-Transport-Security")).as(path).hasValue("max-age=31536000");
        }
        HttpResponse<String> api = get(client, base + "/api/services");
        assertThat(api.statusCode()).isEqualTo(401);
        assertThat(api.headers().firstValue("Strict-Transport-Security")).hasValue("max-age=31536000");
    }

    @Test
    void plainHttpAndAnUntrustedCertificateGetNothing() throws Exception {
        String plain = https.toString().replace("https://", "http://");
        HttpClient plainClient = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        // the TLS port does not speak HTTP, and there is no plain port (quarkus.http.insecure-requests=disabled)
        assertThatThrownBy(() -> get(plainClient, plain + "q/health")).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> get(trusting(Https.CERTIFICATES.otherTruststore()), https + "q/health"))
                .isInstanceOf(javax.net.ssl.SSLHandshakeException.class);
    }
}
