package io.mihari.dashboard.auth;

import com.eatthepath.otp.TimeBasedOneTimePasswordGenerator;
import org.apache.commons.codec.binary.Base32;

import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.OptionalLong;

/**
 * The second factor: a 6-digit time-based one-time password (RFC 6238, 30 s steps, HMAC-SHA1, as authenticator apps
 * make them). A code is accepted for the current step and the one before (a code typed just as it changed), and only
 * for a step later than the last one accepted for that user: each code works once, and never after a later one.
 */
public final class Totp {

    private static final TimeBasedOneTimePasswordGenerator GENERATOR = new TimeBasedOneTimePasswordGenerator();
    /** 30 seconds. */
    public static final Duration STEP = GENERATOR.getTimeStep();

    private Totp() {
    }

    /** The code for {@code at} (tests and the local quick start use it to log in). */
    public static String code(String base32Secret, Instant at) {
        try {
            return GENERATOR.generateOneTimePasswordString(key(base32Secret), at);
        } catch (InvalidKeyException e) {
            throw new IllegalArgumentException("not a usable TOTP secret", e);
        }
    }

    /** The number of the 30-second step {@code at} falls in. */
    public static long step(Instant at) {
        return Math.floorDiv(at.getEpochSecond(), STEP.getSeconds());
    }

    /**
     * The step whose code {@code code} is: the current step or the one before, and later than {@code lastUsedStep}
     * (null: none used yet). Both candidates are always computed and compared in constant time.
     */
    public static OptionalLong matchingStep(String base32Secret, String code, Instant now, Long lastUsedStep) {
        if (code == null || base32Secret == null || base32Secret.isBlank()) {
            return OptionalLong.empty();
        }
        byte[] given = code.trim().getBytes(StandardCharsets.US_ASCII);
        long current = step(now);
        long found = Long.MIN_VALUE;
        for (long step = current - 1; step <= current; step++) {
            byte[] expected = code(base32Secret, Instant.ofEpochSecond(step * STEP.getSeconds()))
                    .getBytes(StandardCharsets.US_ASCII);
            if (MessageDigest.isEqual(expected, given)) {
                found = step;
            }
        }
        if (found == Long.MIN_VALUE || (lastUsedStep != null && found <= lastUsedStep)) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(found);
    }

    /** A fresh secret: 160 random bits, Base32. */
    public static String newSecret(SecureRandom random) {
        byte[] secret = new byte[20];
        random.nextBytes(secret);
        return new Base32().encodeToString(secret);
    }

    /** The {@code otpauth://} URI authenticator apps read (from the QR code). */
    public static String uri(String issuer, String account, String base32Secret) {
        String label = enc(issuer) + ":" + enc(account);
        return "otpauth://totp/" + label + "?secret=" + base32Secret + "&issuer=" + enc(issuer)
                + "&algorithm=SHA1&digits=6&period=" + STEP.getSeconds();
    }

    private static String enc(String s) {
        return java.net.URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static SecretKeySpec key(String base32Secret) {
        return new SecretKeySpec(new Base32().decode(base32Secret), GENERATOR.getAlgorithm());
    }
}
