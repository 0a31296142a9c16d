package io.mihari.opensearch;

import io.mihari.testsupport.TestCertificates;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opensearch.client.json.jackson.JacksonJsonpMapper;
import org.opensearch.client.opensearch.OpenSearchClient;
import org.opensearch.client.opensearch.generic.Requests;
import org.opensearch.client.opensearch.generic.Response;
import org.opensearch.client.transport.OpenSearchTransport;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * The connection settings against a real HTTPS server (the JDK's, with a certificate from a throw-away CA) that
 * answers as OpenSearch's security plugin does: 401 with a Basic challenge without credentials.
 */
class OpenSearchConnectionTest {

    static TestCertificates certificates;
    static RecordingHttpsServer server;

    @TempDir
    static Path dir;

    @BeforeAll
    static void httpsServer() throws Exception {
        certificates = TestCertificates.create(dir.resolve("tls"), "opensearch");
        server = new RecordingHttpsServer(certificates);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static String url() {
        return server.url();
    }

    static List<String> authorizations() {
        return server.received.stream().map(r -> r.header("Authorization")).toList();
    }

    static OpenSearchConnection connection(String url, Path truststore, String user, String password) {
        return new OpenSearchConnection("mihari.opensearch.", url, Optional.ofNullable(user),
                Optional.ofNullable(password), Optional.empty(), Optional.ofNullable(truststore), "PKCS12",
                Optional.of(certificates.password()), Duration.ofSeconds(5), Duration.ofSeconds(5));
    }

    static int get(OpenSearchConnection c) throws Exception {
        try (OpenSearchTransport transport = c.transport(new JacksonJsonpMapper());
                Response response = new OpenSearchClient(transport).generic()
                        .execute(Requests.builder().method("GET").endpoint("/_cluster/health").build())) {
            return response.getStatus();
        }
    }

    @Test
    void overHttpsTrustingTheClustersCaTheUserLogsIn() throws Exception {
        assertThat(get(connection(url(), certificates.truststore(), "mihari-alert", "s3cret-pass"))).isEqualTo(200);
        assertThat(authorizations()).contains("Basic " + Base64.getEncoder()
                .encodeToString("mihari-alert:s3cret-pass".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void aPasswordFileIsReadAndWinsOverThePassword() throws Exception {
        Path file = Files.writeString(dir.resolve("pw"), "from-the-file\n");
        OpenSearchConnection c = new OpenSearchConnection("mihari.opensearch.", url(), Optional.of("reader"),
                Optional.of("from-the-environment"), Optional.of(file), Optional.of(certificates.truststore()),
                "PKCS12", Optional.of(certificates.password()), Duration.ofSeconds(5), Duration.ofSeconds(5));
        assertThat(get(c)).isEqualTo(200);
        assertThat(authorizations()).contains("Basic " + Base64.getEncoder()
                .encodeToString("reader:from-the-file".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void aClusterCertificateFromAnotherCaIsRefusedAndTheMessageNamesTheTrustStore() {
        Throwable error = catchThrowable(() -> get(connection(url(), certificates.otherTruststore(), "u", "p")));
        assertThat(OpenSearchProblems.explain(error, url(), "mihari.opensearch.")).isEqualTo("TLS with OpenSearch at "
                + url() + " failed: its certificate is not trusted: check mihari.opensearch.truststore.path (it must "
                + "hold the CA that signed the cluster's certificate)");
    }

    @Test
    void withoutCredentialsTheSecuredClusterRefusesAndTheMessageNamesTheLogin() {
        Throwable error = catchThrowable(() -> get(connection(url(), certificates.truststore(), null, null)));
        assertThat(OpenSearchProblems.explain(error, url(), "mihari.opensearch.")).isEqualTo("OpenSearch at " + url()
                + " refused the login: check mihari.opensearch.username and mihari.opensearch.password (or "
                + "mihari.opensearch.password-file)");
        assertThat(OpenSearchProblems.explain(new IllegalStateException("x"), url(), "p.")).isNull();
    }

    @Test
    void wrongSettingsAreNamedBeforeAnythingConnects() {
        assertThat(connection("http://127.0.0.1:9200", null, "mihari-alert", "pw").validate()).containsExactly(
                "mihari.opensearch.username is set but mihari.opensearch.url is http: the password would cross the "
                        + "network in the clear (use https)");
        assertThat(connection(url(), null, "mihari-alert", null).validate()).containsExactly(
                "mihari.opensearch.password (or mihari.opensearch.password-file) is required with "
                        + "mihari.opensearch.username");
        assertThat(connection("opensearch:9200", null, null, null).validate()).containsExactly(
                "mihari.opensearch.url 'opensearch:9200' is not a URL like https://opensearch.example:9200");
        assertThat(connection(url(), dir.resolve("missing.p12"), null, null).validate()).containsExactly(
                "mihari.opensearch.truststore.path " + dir.resolve("missing.p12") + " cannot be read");
        assertThatThrownBy(() -> connection(url(), certificates.caPem(), null, null)
                .transport(new JacksonJsonpMapper())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("mihari.opensearch.truststore.path " + certificates.caPem()
                        + " cannot be used as a PKCS12 trust store");
    }
}
