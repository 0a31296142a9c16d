package io.mihari.dashboard.auth;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.mihari.dashboard.catalog.CatalogHolder;
import io.mihari.dashboard.config.DashboardConfig;
import io.mihari.model.catalog.Catalog;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.commons.codec.binary.Base32;
import org.wildfly.security.password.PasswordFactory;
import org.wildfly.security.password.WildFlyElytronPasswordProvider;
import org.wildfly.security.password.interfaces.BCryptPassword;
import org.wildfly.security.password.util.ModularCrypt;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.Provider;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The people who may log in, from the YAML file {@code mihari.auth.users-file}: checked at start, and a bad file
 * stops the service with every problem named by its key.
 */
@ApplicationScoped
public class Users {

    private static final Provider ELYTRON = new WildFlyElytronPasswordProvider();

    /** The file's shape. */
    public record File(List<User> users) {
    }

    private final Map<String, User> byId = new LinkedHashMap<>();

    @jakarta.inject.Inject
    Users(DashboardConfig config, CatalogHolder catalog) {
        this(read(config), catalog.get());
    }

    Users(List<User> users, Catalog catalog) {
        List<String> problems = problems(users, catalog);
        if (!problems.isEmpty()) {
            throw new IllegalStateException("mihari.auth.users-file: " + String.join("; ", problems));
        }
        users.forEach(u -> byId.put(u.id(), u));
    }

    private static List<User> read(DashboardConfig config) {
        java.nio.file.Path path = config.auth().usersFile();
        try (InputStream in = Files.newInputStream(path)) {
            File file = new ObjectMapper(new YAMLFactory())
                    .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).readValue(in, File.class);
            return file == null || file.users() == null ? List.of() : file.users();
        } catch (IOException e) {
            throw new IllegalStateException("mihari.auth.users-file: cannot read " + path + ": " + e.getMessage(), e);
        }
    }

    static List<String> problems(List<User> users, Catalog catalog) {
        List<String> problems = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < users.size(); i++) {
            User u = users.get(i);
            String at = "users[" + i + "]";
            if (u.id() == null || u.id().isBlank()) {
                problems.add(at + ".id: required");
            } else if (!ids.add(u.id())) {
                problems.add(at + ".id: '" + u.id() + "' appears twice");
            }
            if (u.passwordHash() == null || !u.passwordHash().startsWith("$2")) {
                problems.add(at + ".passwordHash: a bcrypt hash ($2a$…) is required");
            }
            String role = u.role();
            if (!List.of(User.ADMIN, User.OPERATOR, User.VENDOR).contains(role)) {
                problems.add(at + ".role: one of admin, operator, vendor");
            } else if (User.OPERATOR.equals(role) && catalog.tenants().stream()
                    .noneMatch(t -> t.id().equals(u.organisation()))) {
                problems.add(at + ".organisation: '" + u.organisation() + "' is not a city of the catalog");
            } else if (User.VENDOR.equals(role) && catalog.services().stream()
                    .noneMatch(s -> s.vendor().equals(u.organisation()))) {
                problems.add(at + ".organisation: '" + u.organisation() + "' is not a vendor of the catalog");
            }
            if (User.ADMIN.equals(role) && (u.totpSecret() == null || u.totpSecret().isBlank())) {
                problems.add(at + ".totpSecret: administrators need a second factor");
            }
            if (u.totpSecret() != null && !u.totpSecret().isBlank() && !new Base32().isInAlphabet(u.totpSecret())) {
                problems.add(at + ".totpSecret: not Base32");
            }
        }
        return problems;
    }

    public Optional<User> find(String id) {
        return Optional.ofNullable(id == null ? null : byId.get(id));
    }

    /** Whether {@code password} matches the user's bcrypt hash (constant-time compare inside Elytron). */
    public static boolean passwordMatches(User user, String password) {
        if (password == null || user.passwordHash() == null) {
            return false;
        }
        try {
            PasswordFactory factory = PasswordFactory.getInstance(BCryptPassword.ALGORITHM_BCRYPT, ELYTRON);
            BCryptPassword stored = (BCryptPassword) factory.translate(ModularCrypt.decode(user.passwordHash()));
            return factory.verify(stored, password.toCharArray());
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }
}
