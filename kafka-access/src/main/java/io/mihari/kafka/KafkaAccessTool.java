package io.mihari.kafka;

import io.mihari.model.catalog.Catalog;
import io.mihari.model.catalog.CatalogException;
import io.mihari.model.catalog.CatalogLoader;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.acl.AclBinding;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The operator's tool for a secured Kafka cluster (docs/security.md):
 * <pre>
 * KafkaAccessTool plan  &lt;catalog.yaml&gt; [options]                     the ACLs, as kafka-acls.sh arguments
 * KafkaAccessTool apply &lt;catalog.yaml&gt; --admin-config &lt;file&gt; [options] adds them (existing ones stay)
 * KafkaAccessTool add-user &lt;name&gt; --password-file &lt;file&gt; --admin-config &lt;file&gt;   SCRAM-SHA-512 credentials
 * options: --alert-principal mihari-alert --dashboard-principal mihari-dashboard --alert-group mihari-alert-service
 * </pre>
 * The admin config is a Kafka client properties file ({@code bootstrap.servers}, {@code security.protocol},
 * {@code ssl.truststore.*}, {@code sasl.*}) of a principal allowed to alter ACLs and users. Runs from any Mihari
 * service's class path: {@code java -cp "alert-service/target/quarkus-app/lib/main/*" io.mihari.kafka.KafkaAccessTool}.
 * Exit 0 when done, 1 when Kafka refused or failed (the message names the setting), 2 for a wrong command line.
 */
public final class KafkaAccessTool {

    private final PrintStream out;
    private final PrintStream err;

    public KafkaAccessTool(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    public static void main(String[] args) {
        System.exit(new KafkaAccessTool(System.out, System.err).run(args));
    }

    /** @return the exit code (0 done, 1 refused or failed, 2 wrong command line) */
    public int run(String[] args) {
        if (args.length < 2) {
            return usage("a command and its argument are required");
        }
        Map<String, String> options = new HashMap<>();
        for (int i = 2; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                return usage("unexpected argument '" + args[i] + "'");
            }
            options.put(args[i].substring(2), args[++i]);
        }
        try {
            return switch (args[0]) {
                case "plan" -> plan(args[1], options);
                case "apply" -> apply(args[1], options);
                case "add-user" -> addUser(args[1], options);
                default -> usage("unknown command '" + args[0] + "'");
            };
        } catch (Problem | CatalogException | IllegalArgumentException e) {
            err.println("kafka access: " + e.getMessage());
            return e instanceof IllegalArgumentException && !(e instanceof CatalogException) ? 2 : 1;
        }
    }

    private int usage(String problem) {
        err.println("kafka access: " + problem);
        err.println("usage: KafkaAccessTool plan <catalog.yaml> [options]");
        err.println("       KafkaAccessTool apply <catalog.yaml> --admin-config <file> [options]");
        err.println("       KafkaAccessTool add-user <name> --password-file <file> --admin-config <file>");
        err.println("options: --alert-principal mihari-alert --dashboard-principal mihari-dashboard"
                + " --alert-group mihari-alert-service");
        return 2;
    }

    private List<AclBinding> acls(String catalogFile, Map<String, String> options) {
        Catalog catalog = CatalogLoader.load(Path.of(catalogFile));
        KafkaAccess.Principals d = KafkaAccess.Principals.DEFAULT;
        KafkaAccess.Principals principals = new KafkaAccess.Principals(
                options.getOrDefault("alert-principal", d.alertService()),
                options.getOrDefault("dashboard-principal", d.dashboard()),
                options.getOrDefault("alert-group", d.alertGroup()));
        return KafkaAccess.plan(catalog, principals);
    }

    private int plan(String catalogFile, Map<String, String> options) {
        for (AclBinding acl : acls(catalogFile, options)) {
            out.println(KafkaAccess.asCommand(acl));
        }
        return 0;
    }

    private int apply(String catalogFile, Map<String, String> options) {
        List<AclBinding> acls = acls(catalogFile, options);
        Properties config = adminConfig(options);
        try (Admin admin = Admin.create(config)) {
            call(admin.createAcls(acls).all(), config);
        }
        out.println(acls.size() + " ACLs in force");
        return 0;
    }

    private int addUser(String name, Map<String, String> options) {
        String file = options.get("password-file");
        if (file == null) {
            throw new IllegalArgumentException("--password-file is required");
        }
        String password;
        try {
            password = Files.readString(Path.of(file), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new Problem("cannot read --password-file " + file + ": " + e.getMessage());
        }
        if (password.length() < 16) {
            throw new IllegalArgumentException("the password in " + file + " is shorter than 16 characters");
        }
        Properties config = adminConfig(options);
        try (Admin admin = Admin.create(config)) {
            call(admin.alterUserScramCredentials(List.of(new UserScramCredentialUpsertion(name,
                    new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 8192), password))).all(), config);
        }
        out.println("user " + name + ": SCRAM-SHA-512 credentials set");
        return 0;
    }

    private static Properties adminConfig(Map<String, String> options) {
        String file = options.get("admin-config");
        if (file == null) {
            throw new IllegalArgumentException("--admin-config is required");
        }
        Properties properties = new Properties();
        try (InputStream in = Files.newInputStream(Path.of(file))) {
            properties.load(in);
        } catch (IOException e) {
            throw new Problem("cannot read --admin-config " + file + ": " + e.getMessage());
        }
        if (properties.getProperty("bootstrap.servers") == null) {
            throw new Problem(file + ": bootstrap.servers is missing");
        }
        properties.putIfAbsent("default.api.timeout.ms", "30000");
        properties.putIfAbsent("request.timeout.ms", "15000");
        return properties;
    }

    /** Waits for the admin call; what Kafka refused is explained with the admin config's setting names. */
    private static void call(org.apache.kafka.common.KafkaFuture<Void> future, Properties config) {
        String bootstrap = config.getProperty("bootstrap.servers");
        try {
            future.get(60, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            String explained = KafkaProblems.explain(e, bootstrap, "");
            throw new Problem(explained != null ? explained : e.getCause().getMessage());
        } catch (TimeoutException e) {
            throw new Problem(KafkaProblems.noAnswer(bootstrap, ""));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Problem("interrupted");
        }
    }

    /** Kafka refused or failed; the message says what to fix. */
    static final class Problem extends RuntimeException {
        Problem(String message) {
            super(message);
        }
    }
}
