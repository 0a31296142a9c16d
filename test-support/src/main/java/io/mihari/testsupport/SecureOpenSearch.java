package io.mihari.testsupport;

import io.quarkus.elytron.security.common.BcryptUtil;

import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A real OpenSearch secured as production is: its security plugin ({@code opensearch-security}, the exact version
 * of the server) with HTTPS and node-to-node TLS from {@link TestCertificates}, HTTP basic against internal users,
 * nothing anonymous, and Mihari's roles from {@code deploy/opensearch/security} (the files an operator applies):
 * {@link #ALERT} writes the measurement indices, {@link #DASHBOARD} reads them and writes only {@code mihari-auth},
 * {@link #ADMIN} may do everything (for setting up and looking). Like {@link OpenSearchNode}, a child process on
 * free ports; the passwords are random.
 *
 * <p>The plugin is published only for some server versions: {@link #VERSION} is the newest pair served (the plain
 * test node runs a newer server without it).
 */
public final class SecureOpenSearch implements AutoCloseable {

    public static final String VERSION = "2.19.4";
    static final String SECURITY_PLUGIN_VERSION = VERSION + ".0";
    public static final String ADMIN = "mihari-admin";
    public static final String ALERT = "mihari-alert";
    public static final String DASHBOARD = "mihari-dashboard";
    /** The DN of the node's certificate, the only one allowed to talk node to node. */
    static final String NODE_CN = "mihari-opensearch";
    /** Files of Mihari's roles, relative to the repository. */
    static final String RULES = "deploy/opensearch/security";

    private final OpenSearchNode node;
    private final TestCertificates certificates;
    private final Map<String, String> passwords;
    private final HttpClient http;

    private SecureOpenSearch(OpenSearchNode node, TestCertificates certificates, Map<String, String> passwords,
                             HttpClient http) {
        this.node = node;
        this.certificates = certificates;
        this.passwords = passwords;
        this.http = http;
    }

    /** Starts the node and waits until the security plugin has loaded Mihari's users and roles. */
    public static SecureOpenSearch start() {
        Path rules = rules();
        try {
            TestCertificates certificates = TestCertificates.create(
                    Files.createTempDirectory("mihari-secure-opensearch-tls-"), NODE_CN);
            Map<String, String> passwords = new LinkedHashMap<>();
            for (String user : List.of(ADMIN, ALERT, DASHBOARD)) {
                passwords.put(user, UUID.randomUUID().toString());
            }
            SSLContext ssl = certificates.clientSslContext();
            OpenSearchNode.Access access = new OpenSearchNode.Access("https", ssl,
                    basic(ADMIN, passwords.get(ADMIN)));
            OpenSearchNode node = OpenSearchNode.launch(OpenSearchNode.distribution(VERSION),
                    home -> prepare(home, rules, certificates, passwords), access);
            try {
                node.awaitReady();
            } catch (RuntimeException e) {
                node.close();
                throw e;
            }
            HttpClient http = HttpClient.newBuilder().sslContext(ssl).connectTimeout(Duration.ofSeconds(5)).build();
            return new SecureOpenSearch(node, certificates, passwords, http);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the secured OpenSearch", e);
        }
    }

    /** Installs the plugin, the certificates, the users and Mihari's roles; the settings that turn it all on. */
    private static List<String> prepare(Path home, Path rules, TestCertificates certificates,
                                        Map<String, String> passwords) throws IOException {
        Path plugin = home.resolve("plugins/opensearch-security");
        OpenSearchNode.extract(securityPlugin(), plugin, name -> true);
        Path security = home.resolve("config/opensearch-security");
        // the plugin's defaults for what Mihari does not set (action groups, tenants, audit, allow list)...
        Files.move(plugin.resolve("config"), security);
        // ...and Mihari's authentication, roles and mapping, as an operator applies them
        for (String file : List.of("config.yml", "roles.yml", "roles_mapping.yml")) {
            Files.copy(rules.resolve(file), security.resolve(file), StandardCopyOption.REPLACE_EXISTING);
        }
        Files.writeString(security.resolve("internal_users.yml"), internalUsers(passwords), StandardCharsets.UTF_8);
        Path tls = Files.createDirectories(home.resolve("config/tls"));
        Files.copy(certificates.serverKeystore(), tls.resolve("node.p12"));
        Files.copy(certificates.truststore(), tls.resolve("truststore.p12"));
        String store = certificates.password();
        return List.of(
                "-Eplugins.security.ssl.transport.keystore_type=PKCS12",
                "-Eplugins.security.ssl.transport.keystore_filepath=tls/node.p12",
                "-Eplugins.security.ssl.transport.keystore_alias=server",
                "-Eplugins.security.ssl.transport.keystore_password=" + store,
                "-Eplugins.security.ssl.transport.truststore_type=PKCS12",
                "-Eplugins.security.ssl.transport.truststore_filepath=tls/truststore.p12",
                "-Eplugins.security.ssl.transport.truststore_password=" + store,
                "-Eplugins.security.ssl.transport.enforce_hostname_verification=false",
                "-Eplugins.security.ssl.http.enabled=true",
                "-Eplugins.security.ssl.http.keystore_type=PKCS12",
                "-Eplugins.security.ssl.http.keystore_filepath=tls/node.p12",
                "-Eplugins.security.ssl.http.keystore_alias=server",
                "-Eplugins.security.ssl.http.keystore_password=" + store,
                "-Eplugins.security.ssl.http.truststore_type=PKCS12",
                "-Eplugins.security.ssl.http.truststore_filepath=tls/truststore.p12",
                "-Eplugins.security.ssl.http.truststore_password=" + store,
                "-Eplugins.security.nodes_dn=CN=" + NODE_CN,
                "-Eplugins.security.allow_default_init_securityindex=true",
                "-Eplugins.security.audit.type=noop",
                "-Eplugins.security.restapi.roles_enabled=all_access",
                "-Eplugins.security.system_indices.enabled=true");
    }

    /** The plugin's users file: each user with a bcrypt hash of its password (roles come from the mapping). */
    static String internalUsers(Map<String, String> passwords) {
        StringBuilder yaml = new StringBuilder("_meta:\n  type: \"internalusers\"\n  config_version: 2\n");
        passwords.forEach((user, password) -> yaml.append(user).append(":\n  hash: \"")
                .append(BcryptUtil.bcryptHash(password)).append("\"\n  reserved: false\n"));
        return yaml.toString();
    }

    /** Mihari's roles files: from {@code testsupport.opensearch.security.dir}, or found above the working folder. */
    static Path rules() {
        String configured = System.getProperty("testsupport.opensearch.security.dir");
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve(RULES).resolve("roles.yml"))) {
                return dir.resolve(RULES);
            }
        }
        throw new IllegalStateException("Mihari's OpenSearch roles (" + RULES + "/roles.yml) not found above "
                + Path.of("").toAbsolutePath() + ": run the tests from the repository");
    }

    static Path securityPlugin() {
        Path zip = Path.of(System.getProperty("user.home"), ".m2", "repository", "org", "opensearch", "plugin",
                "opensearch-security", SECURITY_PLUGIN_VERSION, "opensearch-security-" + SECURITY_PLUGIN_VERSION
                        + ".zip");
        if (!Files.isRegularFile(zip)) {
            throw new IllegalStateException("OpenSearch's security plugin not found at " + zip
                    + ": run the tests through Maven (./mvnw verify), which copies it from Maven Central");
        }
        return zip;
    }

    static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    /** {@code https://127.0.0.1:<port>}. */
    public String url() {
        return node.url();
    }

    public TestCertificates certificates() {
        return certificates;
    }

    public String password(String user) {
        String password = passwords.get(user);
        if (password == null) {
            throw new IllegalArgumentException("no OpenSearch user " + user);
        }
        return password;
    }

    /** The {@code mihari.opensearch.*} settings of a service logging in as {@code user}, trusting the test CA. */
    public Map<String, String> serviceConfig(String user) {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("mihari.opensearch.url", url());
        config.put("mihari.opensearch.username", user);
        config.put("mihari.opensearch.password", password(user));
        config.put("mihari.opensearch.truststore.path", certificates.truststore().toString());
        config.put("mihari.opensearch.truststore.password", certificates.password());
        return config;
    }

    /** One request as {@code user} (null: without a login); {@code json} null for none. */
    public HttpResponse<String> send(String user, String method, String path, String json) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url() + path)).timeout(Duration.ofSeconds(30))
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8));
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        if (user != null) {
            request.header("Authorization", basic(user, password(user)));
        }
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + path + " as " + user + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        node.close();
    }
}
