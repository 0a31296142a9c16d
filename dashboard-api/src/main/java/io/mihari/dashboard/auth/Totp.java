package io.mihari.dashboard.auth;

import com.eatthepath.otp.TimeBasedOneTimePasswordGenerator;
import org.apache.commons.codec.binary.Base32;

import javax.crypto.spec.SecretKeySpec;
import java.security.InvalidKeyException;
import java.time.Duration;
import java.time.Instant;

/**
 * The administrators' second factor: a 6-digit time-based one-time password (RFC 6238, 30 s steps, HMAC-SHA1, as
 * authenticator apps make them). One step of clock difference either way is accepted.
 */
public final class Totp {

    private static final TimeBasedOneTimePasswordGenerator GENERATOR = new TimeBasedOneTimePasswordGenerator();

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

    public static boolean matches(String base32Secret, String code, Instant now) {
        if (code == null || base32Secret == null) {
            return false;
        }
        Duration step = GENERATOR.getTimeStep();
        for (int i = -1; i <= 1; i++) {
            if (java.security.MessageDigest.isEqual(code(base32Secret, now.plus(step.multipliedBy(i))).getBytes(),
                    code.trim().getBytes())) {
                return true;
            }
        }
        return false;
    }

    private static SecretKeySpec key(String base32Secret) {
        return new SecretKeySpec(new Base32().decode(base32Secret), GENERATOR.getAlgorithm());
    }
}
