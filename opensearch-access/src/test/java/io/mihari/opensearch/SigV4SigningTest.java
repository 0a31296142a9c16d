package io.mihari.opensearch;

import io.mihari.testsupport.TestCertificates;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opensearch.client.json.jackson.JacksonJsonpMapper;
import org.opensearch.client.opensearch.OpenSearchClient;
import org.opensearch.client.opensearch.generic.Bodies;
import org.opensearch.client.opensearch.generic.Requests;
import org.opensearch.client.opensearch.generic.Response;
import org.opensearch.client.transport.OpenSearchTransport;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Amazon OpenSearch Service with IAM ({@code mihari.opensearch.aws.region}): every request reaches the server signed
 * with SigV4 for the region and service, at the signing clock's instant, and the signature is the one a server that
 * knows the secret key computes from the request as it arrived (recomputed here independently from the
 * specification: canonical request, string to sign, derived key) — so AWS would accept it, and a request changed on
 * the way would not verify.
 */
class SigV4SigningTest {

    static final String KEY_ID = "AKIDMIHARIEXAMPLE";
    static final String SECRET = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
    static final Instant NOW = Instant.parse("2026-12-06T01:02:03Z");

    static TestCertificates certificates;
    static RecordingHttpsServer server;

    @TempDir
    static Path dir;

    @BeforeAll
    static void start() throws Exception {
        certificates = TestCertificates.create(dir.resolve("tls"), "opensearch");
        server = new RecordingHttpsServer(certificates);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static OpenSearchConnection connection(String service) {
        return new OpenSearchConnection("mihari.opensearch.", server.url(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.of(certificates.truststore()), "PKCS12",
                Optional.of(certificates.password()), Duration.ofSeconds(5), Duration.ofSeconds(5),
                Optional.of("ap-northeast-1"), service);
    }

    static RecordingHttpsServer.Received send(OpenSearchConnection c, String method, String endpoint, String json)
            throws Exception {
        int before = server.received.size();
        try (OpenSearchTransport transport = c.transport(new JacksonJsonpMapper(),
                StaticCredentialsProvider.create(AwsBasicCredentials.create(KEY_ID, SECRET)),
                Clock.fixed(NOW, ZoneOffset.UTC))) {
            var request = Requests.builder().method(method).endpoint(endpoint);
            if (json != null) {
                request.body(Bodies.json(json));
            }
            try (Response response = new OpenSearchClient(transport).generic().execute(request.build())) {
                assertThat(response.getStatus()).isEqualTo(200);
            }
        }
        assertThat(server.received).hasSize(before + 1);
        return server.received.get(before);
    }

    @Test
    void aSearchIsSignedForTheRegionAndServiceAndVerifies() throws Exception {
        RecordingHttpsServer.Received r = send(connection("es"), "POST", "/mihari-events-*/_count",
                "{\"query\":{\"term\":{\"tenant\":\"kurashiki\"}}}");

        assertThat(r.header("X-Amz-Date")).isEqualTo("20261206T010203Z");
        assertThat(r.header("Authorization")).startsWith("AWS4-HMAC-SHA256 Credential=" + KEY_ID
                + "/20261206/ap-northeast-1/es/aws4_request, SignedHeaders=");
        assertThat(r.header("Authorization")).contains("host");
        assertThat(expectedSignature(r, "es")).isEqualTo(signatureOf(r));
    }

    @Test
    void serverlessCollectionsSignAsAoss() throws Exception {
        RecordingHttpsServer.Received r = send(connection("aoss"), "GET", "/_cluster/health", null);
        assertThat(r.header("Authorization")).contains("/20261206/ap-northeast-1/aoss/aws4_request");
        assertThat(expectedSignature(r, "aoss")).isEqualTo(signatureOf(r));
    }

    @Test
    void aChangedRequestNoLongerVerifies() throws Exception {
        RecordingHttpsServer.Received r = send(connection("es"), "POST", "/mihari-incidents/_search",
                "{\"size\":1}");
        RecordingHttpsServer.Received tampered = new RecordingHttpsServer.Received(r.method(), r.path(), r.query(),
                r.headers(), "{\"size\":10000}".getBytes(StandardCharsets.UTF_8));
        // the declared payload hash no longer matches the body, and the signature (over the real body) differs
        assertThat(r.header("x-amz-content-sha256")).isNotEqualTo(hex(sha256(tampered.body())));
        assertThat(expectedSignature(tampered, "es", false)).isNotEqualTo(signatureOf(r));
    }

    @Test
    void signingAndALoginAreNotMixedAndSigningNeedsHttps() {
        OpenSearchConnection both = new OpenSearchConnection("mihari.opensearch.", server.url(), Optional.of("u"),
                Optional.of("p"), Optional.empty(), Optional.empty(), "PKCS12", Optional.empty(),
                Duration.ofSeconds(5), Duration.ofSeconds(5), Optional.of("ap-northeast-1"), "es");
        assertThat(both.validate()).containsExactly("mihari.opensearch.aws.region and mihari.opensearch.username are "
                + "set: Amazon OpenSearch Service is reached either with signed requests (IAM) or with the security "
                + "plugin's login, not both");
        OpenSearchConnection plain = new OpenSearchConnection("mihari.opensearch.", "http://127.0.0.1:9200",
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), "PKCS12", Optional.empty(),
                Duration.ofSeconds(5), Duration.ofSeconds(5), Optional.of("ap-northeast-1"), "lambda");
        assertThat(plain.validate()).containsExactly(
                "mihari.opensearch.aws.region is set but mihari.opensearch.url is http: Amazon OpenSearch Service "
                        + "answers over https",
                "mihari.opensearch.aws.service 'lambda' is neither es (a domain) nor aoss (serverless)");
    }

    static final Pattern AUTHORIZATION = Pattern.compile(
            "AWS4-HMAC-SHA256 Credential=([^/]+)/(\\d{8})/([^/]+)/([^/]+)/aws4_request, SignedHeaders=([^,]+), "
                    + "Signature=([0-9a-f]{64})");

    static String signatureOf(RecordingHttpsServer.Received r) {
        Matcher m = AUTHORIZATION.matcher(r.header("Authorization"));
        assertThat(m.matches()).as(r.header("Authorization")).isTrue();
        return m.group(6);
    }

    /** SigV4 as the specification defines it, from the request as the server received it. */
    static String expectedSignature(RecordingHttpsServer.Received r, String service) throws Exception {
        return expectedSignature(r, service, true);
    }

    /** @param checkDeclared whether the payload hash the client declared must be the body's */
    static String expectedSignature(RecordingHttpsServer.Received r, String service, boolean checkDeclared)
            throws Exception {
        Matcher m = AUTHORIZATION.matcher(r.header("Authorization"));
        assertThat(m.matches()).isTrue();
        String date = m.group(2);
        String region = m.group(3);
        List<String> signed = List.of(m.group(5).split(";"));
        StringBuilder headers = new StringBuilder();
        for (String name : signed) {
            String value = r.header(name);
            assertThat(value).as("signed header " + name + " arrived").isNotNull();
            headers.append(name.toLowerCase(Locale.ROOT)).append(':').append(value.strip().replaceAll("\\s+", " "))
                    .append('\n');
        }
        String payloadHash = hex(sha256(r.body()));
        String contentHash = r.header("x-amz-content-sha256");
        if (checkDeclared && contentHash != null && !contentHash.startsWith("UNSIGNED")) {
            assertThat(contentHash).as("the payload hash the client declared").isEqualTo(payloadHash);
        }
        String canonicalRequest = String.join("\n", r.method(), canonicalPath(r.path()), canonicalQuery(r.query()),
                headers.toString(), String.join(";", signed), payloadHash);
        String scope = date + "/" + region + "/" + service + "/aws4_request";
        String stringToSign = String.join("\n", "AWS4-HMAC-SHA256", r.header("X-Amz-Date"), scope,
                hex(sha256(canonicalRequest.getBytes(StandardCharsets.UTF_8))));
        byte[] key = hmac(("AWS4" + SECRET).getBytes(StandardCharsets.UTF_8), date);
        key = hmac(key, region);
        key = hmac(key, service);
        key = hmac(key, "aws4_request");
        return hex(hmac(key, stringToSign));
    }

    /** Each path segment URI-encoded again (every service but S3 double-encodes). */
    static String canonicalPath(String rawPath) {
        StringBuilder out = new StringBuilder();
        for (String segment : rawPath.split("/", -1)) {
            if (out.length() > 0 || rawPath.startsWith("/")) {
                out.append('/');
            }
            out.append(encode(segment));
        }
        String path = out.toString().replaceFirst("^//", "/");
        return path.isEmpty() ? "/" : path;
    }

    static String canonicalQuery(String rawQuery) {
        if (rawQuery == null || rawQuery.isEmpty()) {
            return "";
        }
        return java.util.Arrays.stream(rawQuery.split("&")).map(p -> p.contains("=") ? p : p + "=").sorted()
                .reduce((a, b) -> a + "&" + b).orElse("");
    }

    static String encode(String s) {
        StringBuilder out = new StringBuilder();
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if (Character.isLetterOrDigit(c) && c < 128 || c == '-' || c == '_' || c == '.' || c == '~') {
                out.append(c);
            } else {
                out.append('%').append(String.format("%02X", b & 0xff));
            }
        }
        return out.toString();
    }

    static byte[] sha256(byte[] data) throws Exception {
        return MessageDigest.getInstance("SHA-256").digest(data);
    }

    static byte[] hmac(byte[] key, String data) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
    }

    static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}
