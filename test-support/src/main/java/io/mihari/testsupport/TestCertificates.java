package io.mihari.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * A throw-away certificate authority and a server certificate it signed, made with the JDK's {@code keytool} (as
 * {@code deploy/local/stack --secure} makes them): PKCS12 files under one folder, one random password for all.
 * The server certificate is for {@code localhost} and {@code 127.0.0.1}, usable as server and as client (a KRaft
 * broker authenticates itself to its controller with it). A second, unrelated CA's trust store lets a test show
 * that a certificate it did not sign is refused, and an expired server certificate that expiry is.
 */
public final class TestCertificates {

    private final Path dir;
    private final String password = UUID.randomUUID().toString();

    private TestCertificates(Path dir) {
        this.dir = dir;
    }

    /** Makes the CA, the server certificate (valid from yesterday for 30 days) and the other CA in {@code dir}. */
    public static TestCertificates create(Path dir, String serverName) {
        TestCertificates c = new TestCertificates(dir);
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        c.ca("ca", "CN=Mihari test CA");
        c.keytool("-importcert", "-noprompt", "-alias", "ca", "-file", c.path("ca.pem"), "-keystore",
                c.path("truststore.p12"), "-storetype", "PKCS12", "-storepass", c.password);
        c.server("server", "CN=" + serverName, "ca", "-1d", 30);
        c.server("expired", "CN=" + serverName, "ca", "-30d", 2);
        c.ca("other-ca", "CN=Someone else's CA");
        c.keytool("-importcert", "-noprompt", "-alias", "ca", "-file", c.path("other-ca.pem"), "-keystore",
                c.path("other-truststore.p12"), "-storetype", "PKCS12", "-storepass", c.password);
        return c;
    }

    /** The password of every store. */
    public String password() {
        return password;
    }

    /** The trust store holding this CA (PKCS12): what a client needs to trust the server. */
    public Path truststore() {
        return dir.resolve("truststore.p12");
    }

    /** A TLS context trusting this CA only: what a test's HTTP client needs to reach the server. */
    public javax.net.ssl.SSLContext clientSslContext() {
        return sslContextTrusting(truststore());
    }

    /** A TLS context trusting only what {@code truststore} (one of these stores, e.g. {@link #otherTruststore()}) holds. */
    public javax.net.ssl.SSLContext sslContextTrusting(Path truststore) {
        try (java.io.InputStream in = Files.newInputStream(truststore)) {
            java.security.KeyStore store = java.security.KeyStore.getInstance("PKCS12");
            store.load(in, password.toCharArray());
            var trust = javax.net.ssl.TrustManagerFactory.getInstance(
                    javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
            trust.init(store);
            javax.net.ssl.SSLContext context = javax.net.ssl.SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException("cannot load the trust store " + truststore, e);
        }
    }

    /** The CA's certificate (PEM). */
    public Path caPem() {
        return dir.resolve("ca.pem");
    }

    /** The server's key and certificate chain (PKCS12). */
    public Path serverKeystore() {
        return dir.resolve("server.p12");
    }

    /** A key store like {@link #serverKeystore()} whose certificate expired yesterday. */
    public Path expiredKeystore() {
        return dir.resolve("expired.p12");
    }

    /** A trust store of another CA, which never signed anything here. */
    public Path otherTruststore() {
        return dir.resolve("other-truststore.p12");
    }

    private void ca(String name, String dname) {
        keytool("-genkeypair", "-alias", "ca", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", dname,
                "-ext", "bc:c", "-validity", "60", "-startdate", "-2d", "-keystore", path(name + ".p12"),
                "-storetype", "PKCS12", "-storepass", password, "-keypass", password);
        keytool("-exportcert", "-rfc", "-alias", "ca", "-keystore", path(name + ".p12"), "-storepass", password,
                "-file", path(name + ".pem"));
    }

    private void server(String name, String dname, String ca, String startDate, int validityDays) {
        String store = path(name + ".p12");
        keytool("-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", dname,
                "-validity", "60", "-keystore", store, "-storetype", "PKCS12", "-storepass", password, "-keypass",
                password);
        keytool("-certreq", "-alias", "server", "-keystore", store, "-storepass", password, "-file",
                path(name + ".csr"));
        keytool("-gencert", "-rfc", "-alias", "ca", "-keystore", path(ca + ".p12"), "-storepass", password,
                "-infile", path(name + ".csr"), "-outfile", path(name + ".pem"), "-startdate", startDate,
                "-validity", Integer.toString(validityDays), "-ext", "SAN=dns:localhost,ip:127.0.0.1",
                "-ext", "KU=digitalSignature", "-ext", "EKU=serverAuth,clientAuth");
        keytool("-importcert", "-noprompt", "-alias", "ca", "-file", path(ca + ".pem"), "-keystore", store,
                "-storepass", password);
        keytool("-importcert", "-alias", "server", "-file", path(name + ".pem"), "-keystore", store,
                "-storepass", password);
    }

    private String path(String file) {
        return dir.resolve(file).toString();
    }

    private void keytool(String... args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            byte[] output = p.getInputStream().readAllBytes();
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("keytool " + args[0] + " failed: "
                        + new String(output, StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run keytool", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
