package io.mihari.agent.check;

import io.mihari.model.event.CheckResult;

import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * GET a URL: UP when the status is accepted, the body contains the keyword (if any) and, for HTTPS,
 * the certificate has enough days left. The whole exchange is bounded by the timeout.
 */
public final class HttpCheck implements Check {

    private static final int MAX_BODY_CHARS = 1_000_000;

    private final String name;
    private final URI url;
    private final Duration interval;
    private final Duration timeout;
    private final StatusRange expect;
    private final String keyword;
    private final int minCertificateDays;
    private final Clock clock;
    private final HttpClient client;
    /** The local address the connection goes out from (a line), or null for the system's choice. */
    private final java.net.InetAddress source;

    public HttpCheck(String name, URI url, Duration interval, Duration timeout, StatusRange expect, String keyword,
            int minCertificateDays, Clock clock) {
        this(name, url, interval, timeout, expect, keyword, minCertificateDays, clock, null);
    }

    /**
     * @param source the local address the connection goes out from (e.g. the city hall's line A), or null. Java 17's
     *        HTTP client cannot bind one, so such a check speaks HTTP/1.1 itself over a bound socket
     *        ({@link SourceBoundGet}), with the same verdicts.
     */
    public HttpCheck(String name, URI url, Duration interval, Duration timeout, StatusRange expect, String keyword,
            int minCertificateDays, Clock clock, java.net.InetAddress source) {
        this.source = source;
        this.name = name;
        this.url = url;
        this.interval = interval;
        this.timeout = timeout;
        this.expect = expect;
        this.keyword = keyword;
        this.minCertificateDays = minCertificateDays;
        this.clock = clock;
        this.client = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public CheckResult.Kind kind() {
        return CheckResult.Kind.HTTP;
    }

    @Override
    public Duration interval() {
        return interval;
    }

    @Override
    public String target() {
        return url + (source == null ? "" : " from " + source.getHostAddress());
    }

    @Override
    public CheckResult run() {
        long start = System.nanoTime();
        if (source != null) {
            return runFrom(start);
        }
        try {
            HttpResponse<String> response = client.sendAsync(
                            HttpRequest.newBuilder(url).timeout(timeout).header("User-Agent", "mihari-agent").GET().build(),
                            HttpResponse.BodyHandlers.ofString())
                    .get(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
            long latency = Check.elapsedMs(start);
            Integer days = certificateDaysLeft(response.sslSession());
            String status = "HTTP " + response.statusCode();
            if (!expect.contains(response.statusCode())) {
                return down(latency, status + " (expected " + expect + ")", days);
            }
            if (keyword != null && !body(response).contains(keyword)) {
                return down(latency, status + ", body lacks '" + keyword + "'", days);
            }
            if (days != null && days < minCertificateDays) {
                return down(latency, status + ", certificate expires in " + days + " days", days);
            }
            return new CheckResult(name, kind(), CheckResult.Status.UP, latency, status, days);
        } catch (java.util.concurrent.TimeoutException e) {
            return down(Check.elapsedMs(start), "no answer within " + timeout.toMillis() + " ms", null);
        } catch (java.util.concurrent.ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            String message = cause instanceof HttpTimeoutException ? "no answer within " + timeout.toMillis() + " ms"
                    : Check.describe(cause);
            return down(Check.elapsedMs(start), message, null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return down(Check.elapsedMs(start), "interrupted", null);
        }
    }

    private CheckResult runFrom(long start) {
        try {
            SourceBoundGet.Response response = SourceBoundGet.get(url, source, timeout);
            long latency = Check.elapsedMs(start);
            Integer days = response.certificateNotAfter() == null ? null
                    : (int) Duration.between(clock.instant(), response.certificateNotAfter()).toDays();
            String status = "HTTP " + response.status();
            String from = " from " + source.getHostAddress();
            if (!expect.contains(response.status())) {
                return down(latency, status + " (expected " + expect + ")" + from, days);
            }
            if (keyword != null && !response.body().contains(keyword)) {
                return down(latency, status + ", body lacks '" + keyword + "'" + from, days);
            }
            if (days != null && days < minCertificateDays) {
                return down(latency, status + ", certificate expires in " + days + " days" + from, days);
            }
            return new CheckResult(name, kind(), CheckResult.Status.UP, latency, status + from, days);
        } catch (java.net.SocketTimeoutException e) {
            return down(Check.elapsedMs(start), "no answer within " + timeout.toMillis() + " ms (from "
                    + source.getHostAddress() + ")", null);
        } catch (java.io.IOException | RuntimeException e) {
            return down(Check.elapsedMs(start), Check.describe(e) + " (from " + source.getHostAddress() + ")", null);
        }
    }

    private static String body(HttpResponse<String> response) {
        String body = response.body();
        return body.length() > MAX_BODY_CHARS ? body.substring(0, MAX_BODY_CHARS) : body;
    }

    private Integer certificateDaysLeft(Optional<SSLSession> session) {
        if (session.isEmpty()) {
            return null;
        }
        try {
            Certificate[] chain = session.get().getPeerCertificates();
            if (chain.length > 0 && chain[0] instanceof X509Certificate x509) {
                return (int) Duration.between(clock.instant(), x509.getNotAfter().toInstant()).toDays();
            }
        } catch (SSLPeerUnverifiedException e) {
            return null;
        }
        return null;
    }

    private CheckResult down(long latency, String message, Integer days) {
        return new CheckResult(name, kind(), CheckResult.Status.DOWN, latency, message, days);
    }

    /** Accepted HTTP status codes: {@code 200-399}, {@code 200,204}, or a mix. */
    public record StatusRange(String spec) {
        public StatusRange {
            if (spec == null || !spec.matches("\\s*\\d{3}(\\s*-\\s*\\d{3})?(\\s*,\\s*\\d{3}(\\s*-\\s*\\d{3})?)*\\s*")) {
                throw new IllegalArgumentException("'" + spec + "' is not a list of status codes or ranges like 200-399,401");
            }
        }

        public boolean contains(int status) {
            for (String part : spec.split(",")) {
                String[] bounds = part.trim().split("\\s*-\\s*");
                int low = Integer.parseInt(bounds[0].trim());
                int high = bounds.length > 1 ? Integer.parseInt(bounds[1].trim()) : low;
                if (status >= low && status <= high) {
                    return true;
                }
            }
            return false;
        }

        @Override
        public String toString() {
            return spec.trim();
        }
    }
}
