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
 * dashboard-api instance sharing {@code mihari.auth.token-secret} accepts them and nothing is stored.
 */
@ApplicationScoped
public class Tokens {

    private static final Logger LOG = Logger.getLogger(Tokens.class);
    private static final String ISSUER = "mihari-dashboard";

    /** What a valid token says. */
    public record Claims(String userId, String name, String role, String organisation, Instant expiresAt) {
    }

    private final HmacKey key;
    private final Duration lifetime;
    private final Clock clock;

    @jakarta.inject.Inject
    Tokens(DashboardConfig config, Clock clock) {
        this(secret(config), config.auth().tokenLifetime(), clock);
    }

    Tokens(byte[] secret, Duration lifetime, Clock clock) {
        this.key = new HmacKey(secret);
        this.lifetime = lifetime;
        this.clock = clock;
    }

    private static byte[] secret(DashboardConfig config) {
        Optional<String> configured = config.auth().tokenSecret();
        if (configured.isPresent()) {
            byte[] bytes = configured.get().getBytes(StandardCharsets.UTF_8);
            if (bytes.length < 32) {
                throw new IllegalStateException("mihari.auth.token-secret: at least 32 bytes are required");
            }
            return bytes;
        }
        LOG.warn("mihari.auth.token-secret is not set: a random one is used, so logins end when this instance "
                + "restarts and other instances do not accept its tokens");
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        return random;
    }

    public String issue(User user) {
        Instant now = clock.instant();
        JwtClaims claims = new JwtClaims();
        claims.setIssuer(ISSUER);
        claims.setSubject(user.id());
        claims.setIssuedAt(NumericDate.fromMilliseconds(now.toEpochMilli()));
        claims.setExpirationTime(NumericDate.fromMilliseconds(now.plus(lifetime).toEpochMilli()));
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
            return jws.getCompactSerialization();
        } catch (JoseException e) {
            throw new IllegalStateException("cannot sign a token", e);
        }
    }

    public Instant expiry() {
        return clock.instant().plus(lifetime);
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
                .setVerificationKey(key)
                .setJwsAlgorithmConstraints(org.jose4j.jwa.AlgorithmConstraints.ConstraintType.PERMIT,
                        AlgorithmIdentifiers.HMAC_SHA256)
                .build();
        try {
            JwtClaims claims = consumer.processToClaims(token);
            return Optional.of(new Claims(claims.getSubject(), claims.getStringClaimValue("name"),
                    claims.getStringClaimValue("role"), claims.getStringClaimValue("org"),
                    Instant.ofEpochMilli(claims.getExpirationTime().getValueInMillis())));
        } catch (InvalidJwtException | MalformedClaimException e) {
            return Optional.empty();
        }
    }

    /** A fresh random secret, Base64 (for the quick start's config). */
    static String randomSecret() {
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        return Base64.getEncoder().encodeToString(random);
    }
}
