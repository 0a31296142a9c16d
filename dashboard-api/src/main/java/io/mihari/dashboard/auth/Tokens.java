package io.mihari.dashboard.auth;

import io.mihari.dashboard.config.DashboardConfig;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.MalformedClaimException;
import org.jose4j.jwt.NumericDate;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.keys.HmacKey;
import org.jose4j.lang.JoseException;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;

/**
 * Login tokens: signed (JWS, HS256) and expiring, carrying who the user is, the role and the organisation, so any
 * dashboard-api instance sharing the token secret accepts them. Each token has an id ({@code jti}) so that it can be
 * revoked before its expiry (logout, renewal), and says what it is for: a {@link #SESSION} or an {@link #ENROLMENT}
 * (a user who must first enrol a second factor, and may do nothing else).
 */
@ApplicationScoped
public class Tokens {

    private static final Logger LOG = Logger.getLogger(Tokens.class);
    private static final String ISSUER = "mihari-dashboard";
    public static final String SESSION = "session";
    public static final String ENROLMENT = "enrolment";
    /** When the token was issued, in milliseconds (the standard {@code iat} has whole seconds). */
    private static final String ISSUED_MS = "iat_ms";

    /**
     * What a valid token says.
     *
     * @param purpose {@link #SESSION} or {@link #ENROLMENT}
     * @param authTime when the password (and code) were given; renewals keep it, and end at {@code session-max}
     */
    public record Claims(String userId, String name, String role, String organisation, String jti, String purpose,
            Instant issuedAt, Instant authTime, Instant expiresAt) {
    }

    /** A token as issued. */
    public record Issued(String token, String jti, Instant expiresAt) {
    }

    private final HmacKey key;
    private final Duration lifetime;
    private final Duration enrolmentLifetime;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    @jakarta.inject.Inject
    Tokens(DashboardConfig config, Clock clock) {
        this(secret(config), config.auth().tokenLifetime(), config.auth().enrolmentLifetime(), clock);
    }

    Tokens(byte[] secret, Duration lifetime, Duration enrolmentLifetime, Clock clock) {
        this.key = new HmacKey(secret);
        this.lifetime = lifetime;
        this.enrolmentLifetime = enrolmentLifetime;
        this.clock = clock;
    }

    /**
     * The secret from {@code token-secret-file}, else {@code token-secret} (the environment), else a random one.
     * One given on the command line ({@code -Dmihari.auth.token-secret=…}) is used but warned about: {@code ps} shows
     * it to every user of the machine.
     */
    static byte[] secret(DashboardConfig config) {
        Optional<java.nio.file.Path> file = config.auth().tokenSecretFile();
        Optional<String> configured = file.isPresent() ? Optional.of(read(file.get())) : config.auth().tokenSecret();
        if (configured.isPresent()) {
            byte[] bytes = configured.get().getBytes(StandardCharsets.UTF_8);
            if (bytes.length < 32) {
                throw new IllegalStateException((file.isPresent() ? "mihari.auth.token-secret-file"
                        : "mihari.auth.token-secret") + ": at least 32 bytes are required");
            }
            if (file.isEmpty() && fromCommandLine()) {
                LOG.warn("mihari.auth.token-secret is given on the command line, where every user of this machine "
                        + "can read it (ps): give it in a file (mihari.auth.token-secret-file) or the environment "
                        + "(MIHARI_AUTH_TOKEN_SECRET)");
            }
            return bytes;
        }
        LOG.warn("mihari.auth.token-secret is not set: a random one is used, so logins end when this instance "
                + "restarts and other instances do not accept its tokens");
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        return random;
    }

    private static String read(java.nio.file.Path file) {
        try {
            return java.nio.file.Files.readString(file, StandardCharsets.UTF_8).strip();
        } catch (java.io.IOException e) {
            throw new IllegalStateException("mihari.auth.token-secret-file: cannot read " + file + ": " + e, e);
        }
    }

    private static boolean fromCommandLine() {
        var value = org.eclipse.microprofile.config.ConfigProvider.getConfig().getConfigValue("mihari.auth.token-secret");
        return value.getSourceName() != null && value.getSourceName().startsWith("SysPropConfigSource");
    }

    /**
     * A key for another use of the token secret ({@code label} names the use): HMAC-SHA256 of the label under the
     * secret, so every instance sharing the secret derives the same key and no use can stand in for another.
     */
    public byte[] derivedKey(String label) {
        try {
            javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
            mac.init(new javax.crypto.spec.SecretKeySpec(key.getEncoded(), "HmacSHA256"));
            return mac.doFinal(label.getBytes(StandardCharsets.UTF_8));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    /** A session token of {@code user}, whose password (and code) were given at {@code authTime}. */
    public Issued issue(User user, Instant authTime) {
        Instant now = clock.instant();
        Instant end = now.plus(lifetime);
        return sign(user, SESSION, authTime, now, end);
    }

    /** A token that may only enrol a second factor. */
    public Issued issueEnrolment(User user) {
        Instant now = clock.instant();
        return sign(user, ENROLMENT, now, now, now.plus(enrolmentLifetime));
    }

    /** A renewal of a session: a fresh token, unless the login is older than {@code limit}. */
    public Optional<Issued> renew(User user, Claims claims, Duration limit) {
        Instant now = clock.instant();
        Instant last = claims.authTime().plus(limit);
        if (!now.isBefore(last) || !SESSION.equals(claims.purpose())) {
            return Optional.empty();
        }
        Instant end = now.plus(lifetime);
        return Optional.of(sign(user, SESSION, claims.authTime(), now, end.isAfter(last) ? last : end));
    }

    private Issued sign(User user, String purpose, Instant authTime, Instant now, Instant end) {
        byte[] id = new byte[16];
        random.nextBytes(id);
        String jti = Base64.getUrlEncoder().withoutPadding().encodeToString(id);
        JwtClaims claims = new JwtClaims();
        claims.setIssuer(ISSUER);
        claims.setSubject(user.id());
        claims.setJwtId(jti);
        claims.setIssuedAt(NumericDate.fromMilliseconds(now.toEpochMilli()));
        // iat has whole seconds: to tell a token issued just before an administrator's reset from one just after
        claims.setClaim(ISSUED_MS, now.toEpochMilli());
        claims.setExpirationTime(NumericDate.fromMilliseconds(end.toEpochMilli()));
        claims.setClaim("auth_time", authTime.toEpochMilli() / 1000);
        claims.setClaim("purpose", purpose);
        claims.setClaim("name", user.name() == null ? user.id() : user.name());
        claims.setClaim("role", user.role());
        if (user.organisation() != null) {
            claims.setClaim("org", user.organisation());
        }
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims.toJson());
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.HMAC_SHA256);
        jws.setKey(key);
        try {
            return new Issued(jws.getCompactSerialization(), jti, end);
        } catch (JoseException e) {
            throw new IllegalStateException("cannot sign a token", e);
        }
    }

    /** The token's claims when it is ours, unaltered and not expired (as of the injected clock). */
    public Optional<Claims> verify(String token) {
        if (token == null || token.isBlank()) {
            return Optional.empty();
        }
        JwtConsumer consumer = new JwtConsumerBuilder()
                .setRequireExpirationTime()
                .setEvaluationTime(NumericDate.fromMilliseconds(clock.instant().toEpochMilli()))
                .setAllowedClockSkewInSeconds(0)
                .setExpectedIssuer(ISSUER)
                .setRequireSubject()
                .setRequireJwtId()
                .setRequireIssuedAt()
                .setVerificationKey(key)
                .setJwsAlgorithmConstraints(org.jose4j.jwa.AlgorithmConstraints.ConstraintType.PERMIT,
                        AlgorithmIdentifiers.HMAC_SHA256)
                .build();
        try {
            JwtClaims claims = consumer.processToClaims(token);
            Object authTime = claims.getClaimValue("auth_time");
            Object issuedMs = claims.getClaimValue(ISSUED_MS);
            Instant issuedAt = issuedMs instanceof Number n ? Instant.ofEpochMilli(n.longValue())
                    : Instant.ofEpochMilli(claims.getIssuedAt().getValueInMillis());
            return Optional.of(new Claims(claims.getSubject(), claims.getStringClaimValue("name"),
                    claims.getStringClaimValue("role"), claims.getStringClaimValue("org"), claims.getJwtId(),
                    claims.getStringClaimValue("purpose"),
                    issuedAt,
                    authTime instanceof Number n ? Instant.ofEpochSecond(n.longValue())
                            : Instant.ofEpochMilli(claims.getIssuedAt().getValueInMillis()),
                    Instant.ofEpochMilli(claims.getExpirationTime().getValueInMillis())));
        } catch (InvalidJwtException | MalformedClaimException e) {
            return Optional.empty();
        }
    }
}
