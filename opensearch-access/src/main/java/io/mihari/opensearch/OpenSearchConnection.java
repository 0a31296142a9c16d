package io.mihari.opensearch;

import org.apache.hc.client5.http.auth.AuthScope;
import org.apache.hc.client5.http.auth.UsernamePasswordCredentials;
import org.apache.hc.client5.http.impl.auth.BasicCredentialsProvider;
import org.apache.hc.client5.http.impl.nio.PoolingAsyncClientConnectionManagerBuilder;
import org.apache.hc.client5.http.ssl.ClientTlsStrategyBuilder;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.util.Timeout;
import org.opensearch.client.json.JsonpMapper;
import org.opensearch.client.transport.OpenSearchTransport;
import org.opensearch.client.transport.aws.AwsSdk2Transport;
import org.opensearch.client.transport.aws.AwsSdk2TransportOptions;
import org.opensearch.client.transport.httpclient5.ApacheHttpClient5TransportBuilder;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * How a Mihari service reaches OpenSearch: the URL, for the security plugin a user and password (HTTP basic, only
 * over HTTPS) — or, for Amazon OpenSearch Service with IAM, every request signed with SigV4 ({@code aws.region}) —
 * a trust store holding the CA of the cluster's certificate (else the JVM's trust), and bounded timeouts. {@link #validate()} lists every wrong setting by its key (under {@link #prefix()}, e.g.
 * {@code mihari.opensearch.}) before anything connects.
 *
 * @param password the password itself (e.g. from {@code MIHARI_OPENSEARCH_PASSWORD}); {@code passwordFile} wins
 */
public record OpenSearchConnection(String prefix, String url, Optional<String> username, Optional<String> password,
        Optional<Path> passwordFile, Optional<Path> truststore, String truststoreType,
        Optional<String> truststorePassword, Duration connectTimeout, Duration responseTimeout,
        Optional<String> awsRegion, String awsService) {

    /** Without Amazon OpenSearch Service's request signing. */
    public OpenSearchConnection(String prefix, String url, Optional<String> username, Optional<String> password,
            Optional<Path> passwordFile, Optional<Path> truststore, String truststoreType,
            Optional<String> truststorePassword, Duration connectTimeout, Duration responseTimeout) {
        this(prefix, url, username, password, passwordFile, truststore, truststoreType, truststorePassword,
                connectTimeout, responseTimeout, Optional.empty(), "es");
    }

    /** Every problem of these settings, each naming its key; empty when they can be used. */
    public List<String> validate() {
        List<String> problems = new ArrayList<>();
        URI uri = null;
        try {
            uri = URI.create(url);
            if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
                problems.add(prefix + "url '" + url + "' is not a URL like https://opensearch.example:9200");
                uri = null;
            }
        } catch (IllegalArgumentException e) {
            problems.add(prefix + "url '" + url + "' is not a URL like https://opensearch.example:9200");
        }
        boolean https = uri != null && "https".equals(uri.getScheme());
        boolean http = uri != null && !https;
        if (username.isPresent()) {
            if (password.isEmpty() && passwordFile.isEmpty()) {
                problems.add(prefix + "password (or " + prefix + "password-file) is required with " + prefix
                        + "username");
            }
            if (http) {
                problems.add(prefix + "username is set but " + prefix + "url is http: the password would cross the "
                        + "network in the clear (use https)");
            }
        } else if (password.isPresent() || passwordFile.isPresent()) {
            problems.add(prefix + "username is required with a password");
        }
        if (awsRegion.isPresent()) {
            if (username.isPresent()) {
                problems.add(prefix + "aws.region and " + prefix + "username are set: Amazon OpenSearch Service is "
                        + "reached either with signed requests (IAM) or with the security plugin's login, not both");
            }
            if (http) {
                problems.add(prefix + "aws.region is set but " + prefix + "url is http: Amazon OpenSearch Service "
                        + "answers over https");
            }
            if (!"es".equals(awsService) && !"aoss".equals(awsService)) {
                problems.add(prefix + "aws.service '" + awsService + "' is neither es (a domain) nor aoss (serverless)");
            }
        }
        passwordFile.filter(f -> !Files.isReadable(f)).ifPresent(f ->
                problems.add(prefix + "password-file " + f + " cannot be read"));
        truststore.ifPresent(t -> {
            if (http) {
                problems.add(prefix + "truststore.path is set but " + prefix + "url is http (use https)");
            }
            if (!Files.isReadable(t)) {
                problems.add(prefix + "truststore.path " + t + " cannot be read");
            }
        });
        return problems;
    }

    /**
     * The transport of an {@code OpenSearchClient} with these settings.
     *
     * @throws IllegalArgumentException listing every wrong setting by its key
     */
    public OpenSearchTransport transport(JsonpMapper mapper) {
        // the SDK's default chain only when requests are signed: environment, profile, the instance's or pod's role
        return transport(mapper, awsRegion.isPresent() ? DefaultCredentialsProvider.builder().build() : null,
                Clock.systemUTC());
    }

    /**
     * @param aws where signed requests take their AWS credentials (the SDK's default chain: environment, profile,
     *            the instance's or the pod's role)
     */
    OpenSearchTransport transport(JsonpMapper mapper, AwsCredentialsProvider aws, Clock signingClock) {
        List<String> problems = validate();
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
        HttpHost host;
        try {
            host = HttpHost.create(URI.create(url));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(prefix + "url '" + url + "' is not a URL like "
                    + "https://opensearch.example:9200", e);
        }
        if (awsRegion.isPresent()) {
            return signed(host, mapper, aws, signingClock);
        }
        SSLContext ssl = truststore.map(this::sslContext).orElse(null);
        Optional<UsernamePasswordCredentials> login = username.map(u -> new UsernamePasswordCredentials(u,
                (passwordFile.isPresent() ? readPasswordFile() : password.orElseThrow()).toCharArray()));
        return ApacheHttpClient5TransportBuilder.builder(host)
                .setMapper(mapper)
                .setRequestConfigCallback(request -> request
                        .setConnectTimeout(Timeout.of(connectTimeout))
                        .setResponseTimeout(Timeout.of(responseTimeout)))
                .setHttpClientConfigCallback(client -> {
                    login.ifPresent(c -> {
                        BasicCredentialsProvider provider = new BasicCredentialsProvider();
                        provider.setCredentials(new AuthScope(host), c);
                        client.setDefaultCredentialsProvider(provider);
                    });
                    if (ssl != null) {
                        client.setConnectionManager(PoolingAsyncClientConnectionManagerBuilder.create()
                                .setTlsStrategy(ClientTlsStrategyBuilder.create().setSslContext(ssl).buildAsync())
                                .build());
                    }
                    return client;
                })
                .build();
    }

    /** Every request signed with SigV4 for Amazon OpenSearch Service ({@code es}) or Serverless ({@code aoss}). */
    private OpenSearchTransport signed(HttpHost host, JsonpMapper mapper, AwsCredentialsProvider aws, Clock clock) {
        ApacheHttpClient.Builder http = ApacheHttpClient.builder().connectionTimeout(connectTimeout)
                .socketTimeout(responseTimeout);
        truststore.ifPresent(path -> {
            TrustManager[] trust = trustManagers(path);
            http.tlsTrustManagersProvider(() -> trust);
        });
        String endpoint = host.getHostName() + (host.getPort() > 0 ? ":" + host.getPort() : "");
        return new AwsSdk2Transport(http.build(), endpoint, awsService, Region.of(awsRegion.orElseThrow()),
                AwsSdk2TransportOptions.builder().setMapper(mapper).setCredentials(aws).setSigningClock(clock)
                        .build());
    }

    private String readPasswordFile() {
        Path file = passwordFile.orElseThrow();
        try {
            return Files.readString(file, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new IllegalArgumentException(prefix + "password-file " + file + " cannot be read: " + e.getMessage());
        }
    }

    private SSLContext sslContext(Path path) {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trustManagers(path), null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException(prefix + "truststore.path " + path + ": " + e.getMessage(), e);
        }
    }

    private TrustManager[] trustManagers(Path path) {
        try (InputStream in = Files.newInputStream(path)) {
            KeyStore store = KeyStore.getInstance(truststoreType);
            store.load(in, truststorePassword.map(String::toCharArray).orElse(null));
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(store);
            return trust.getTrustManagers();
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException(prefix + "truststore.path " + path + " cannot be used as a "
                    + truststoreType + " trust store (" + prefix + "truststore.type, " + prefix
                    + "truststore.password): " + e.getMessage(), e);
        }
    }
}
