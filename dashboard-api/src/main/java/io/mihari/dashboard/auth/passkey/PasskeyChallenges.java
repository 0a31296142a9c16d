package io.mihari.dashboard.auth.passkey;

import io.mihari.dashboard.auth.Tokens;
import io.mihari.dashboard.auth.state.AuthStore;
import io.mihari.dashboard.auth.state.SpentChallenge;
import io.mihari.dashboard.config.DashboardConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;

/**
 * The challenges of passkey ceremonies. A challenge is made without storing anything — 16 random bytes, its purpose
 * and expiry, signed (HMAC-SHA256) with a key derived from the token secret and bound to the user whose registration
 * it is — so that anyone may ask for a login challenge without filling the login state. It is answered once: the
 * first answer writes {@code challenge|<nonce>} only if absent (a conditional write, shared by every instance), and
 * every later answer to it is refused, even from an authenticator whose signature counter stays at 0.
 */
@ApplicationScoped
public class PasskeyChallenges {

    /** What a challenge may be answered for. */
    public enum Purpose {
        REGISTER('R'), LOGIN('L');

        final byte code;

        Purpose(char code) {
            this.code = (byte) code;
        }
    }

    /** Why a challenge was refused, or {@link #SPENT} when it was good and is now used up. */
    public enum Check { SPENT, FORGED, EXPIRED, REPLAYED }

    private static final byte VERSION = 1;
    private static final int NONCE = 16;
    private static final int SIGNED = 2 + Long.BYTES + NONCE;
    private static final int LENGTH = SIGNED + 32;
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    private final AuthStore store;
    private final byte[] key;
    private final Duration lifetime;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    @Inject
    PasskeyChallenges(AuthStore store, Tokens tokens, DashboardConfig config, Clock clock) {
        this(store, tokens.derivedKey("mihari passkey challenge v1"), config.auth().passkeys().challengeLifetime(),
                clock);
    }

    public PasskeyChallenges(AuthStore store, byte[] key, Duration lifetime, Clock clock) {
        this.store = store;
        this.key = key.clone();
        this.lifetime = lifetime;
        this.clock = clock;
    }

    /** How long a challenge may be answered. */
    public Duration lifetime() {
        return lifetime;
    }

    /** A fresh challenge (base64url) for {@code purpose}, bound to {@code userId} (null for a login). */
    public String issue(Purpose purpose, String userId) {
        byte[] nonce = new byte[NONCE];
        random.nextBytes(nonce);
        ByteBuffer signed = ByteBuffer.allocate(SIGNED).put(VERSION).put(purpose.code)
                .putLong(clock.instant().plus(lifetime).getEpochSecond()).put(nonce);
        byte[] body = signed.array();
        return B64.encodeToString(ByteBuffer.allocate(LENGTH).put(body).put(mac(body, userId)).array());
    }

    /**
     * Checks that {@code challenge} is one of ours, for {@code purpose} and {@code userId}, not expired and not answered
     * before; if so it is used up now (on every instance).
     */
    public Check spend(byte[] challenge, Purpose purpose, String userId) {
        if (challenge == null || challenge.length != LENGTH || challenge[0] != VERSION || challenge[1] != purpose.code
                || !MessageDigest.isEqual(mac(Arrays.copyOf(challenge, SIGNED), userId),
                        Arrays.copyOfRange(challenge, SIGNED, LENGTH))) {
            return Check.FORGED;
        }
        ByteBuffer read = ByteBuffer.wrap(challenge, 2, Long.BYTES + NONCE);
        Instant expiresAt = Instant.ofEpochSecond(read.getLong());
        Instant now = clock.instant();
        if (!now.isBefore(expiresAt)) {
            return Check.EXPIRED;
        }
        String nonce = B64.encodeToString(Arrays.copyOfRange(challenge, 2 + Long.BYTES, SIGNED));
        boolean first = store.put(SpentChallenge.id(nonce), new SpentChallenge(SpentChallenge.KIND,
                purpose.name().toLowerCase(java.util.Locale.ROOT), userId, expiresAt, now), null);
        return first ? Check.SPENT : Check.REPLAYED;
    }

    private byte[] mac(byte[] body, String userId) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            mac.update(body);
            mac.update((byte) 0);
            if (userId != null) {
                mac.update(userId.getBytes(StandardCharsets.UTF_8));
            }
            return mac.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }
}
