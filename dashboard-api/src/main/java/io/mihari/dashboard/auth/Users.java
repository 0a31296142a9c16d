package io.mihari.dashboard.auth;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.mihari.dashboard.catalog.CatalogHolder;
import io.mihari.dashboard.config.DashboardConfig;
import io.mihari.model.catalog.Catalog;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;
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
 * stops the service with every problem named by its key. The file is re-read when it changes (checked on every
 * look-up: one {@code stat}), so a user removed from it or given another role or organisation loses access at once;
 * a changed file that is wrong is refused (logged) and the one read before stays in force.
 */
@ApplicationScoped
public class Users {

    private static final Logger LOG = Logger.getLogger(Users.class);
    private static final Provider ELYTRON = new WildFlyElytronPasswordProvider();

    /** The file's shape. */
    public record File(List<User> users) {
    }

    private final java.nio.file.Path path;
    private final CatalogHolder catalog;
    private volatile Map<String, User> byId;
    private volatile Object stamp;

    @jakarta.inject.Inject
    Users(DashboardConfig config, CatalogHolder catalog) {
        this.path = config.auth().usersFile();
        this.catalog = catalog;
        this.stamp = stamp(path);
        this.byId = index(read(path), catalog.get());
    }

    /** A fixed list of users (tests). */
    public Users(List<User> users, Catalog catalog) {
        this.path = null;
        this.catalog = null;
        this.byId = index(users, catalog);
    }

    private static Map<String, User> index(List<User> users, Catalog catalog) {
        List<String> problems = problems(users, catalog);
        if (!problems.isEmpty()) {
            throw new IllegalStateException("mihari.auth.users-file: " + String.join("; ", problems));
        }
        Map<String, User> map = new LinkedHashMap<>();
        users.forEach(u -> map.put(u.id(), u));
        return Map.copyOf(map);
    }

    /** The file's modification time and size: when either changes, it is read again. */
    private static Object stamp(java.nio.file.Path path) {
        try {
            return List.of(Files.getLastModifiedTime(path), Files.size(path));
        } catch (IOException e) {
            return "missing";
        }
    }

    private void reloadIfChanged() {
        if (path == null) {
            return;
        }
        Object now = stamp(path);
        if (now.equals(stamp)) {
            return;
        }
        synchronized (this) {
            if (now.equals(stamp)) {
                return;
            }
            try {
                byId = index(read(path), catalog.get());
                LOG.infof("mihari.auth.users-file %s re-read: %d users", path, byId.size());
            } catch (RuntimeException e) {
                LOG.errorf("mihari.auth.users-file %s changed but is refused, the users read before stay: %s", path,
                        e.getMessage());
            }
            stamp = now;
        }
    }

    private static List<User> read(java.nio.file.Path path) {
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
            } else if (User.VENDOR.equals(role) && catalog.party(u.organisation()).isEmpty()
                    && catalog.services().stream().noneMatch(s -> s.vendor().equals(u.organisation()))) {
                // a party's users (an app vendor, a cloud provider, a carrier: issue 19) may operate no service and
                // still answer for components or attributed outages
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
        reloadIfChanged();
        return Optional.ofNullable(id == null ? null : byId.get(id));
    }

    /** Every user (administrators' views). */
    public List<User> all() {
        reloadIfChanged();
        return List.copyOf(byId.values());
    }

    /** Whether {@code password} matches the user's bcrypt hash (constant-time compare inside Elytron). */
    public static boolean passwordMatches(User user, String password) {
        return passwordMatches(user.passwordHash(), password);
    }

    /** Whether {@code password} matches the bcrypt {@code hash} (constant-time compare inside Elytron). */
    public static boolean passwordMatches(String hash, String password) {
        if (password == null || hash == null) {
            return false;
        }
        try {
            PasswordFactory factory = PasswordFactory.getInstance(BCryptPassword.ALGORITHM_BCRYPT, ELYTRON);
            BCryptPassword stored = (BCryptPassword) factory.translate(ModularCrypt.decode(hash));
            return factory.verify(stored, password.toCharArray());
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }
}
