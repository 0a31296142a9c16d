package io.mihari.dashboard.auth.login;

import org.apache.commons.codec.binary.Base32;
import org.apache.commons.codec.digest.DigestUtils;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One-time recovery codes, given once at enrolment for when the authenticator is lost: 80 random bits each, written
 * {@code XXXX-XXXX-XXXX-XXXX} (Base32), kept only as SHA-256 hashes (80 bits are out of reach of guessing, so a fast
 * hash is enough), each accepted once.
 */
public final class RecoveryCodes {

    /** How many are given at enrolment. */
    public static final int COUNT = 10;

    private RecoveryCodes() {
    }

    public static List<String> generate(SecureRandom random) {
        List<String> codes = new ArrayList<>();
        Base32 base32 = new Base32();
        for (int i = 0; i < COUNT; i++) {
            byte[] bits = new byte[10];
            random.nextBytes(bits);
            String s = base32.encodeToString(bits);
            codes.add(s.substring(0, 4) + "-" + s.substring(4, 8) + "-" + s.substring(8, 12) + "-" + s.substring(12, 16));
        }
        return codes;
    }

    /** The stored form: SHA-256 (hex) of the code without dashes or spaces, upper case. */
    public static String hash(String code) {
        return DigestUtils.sha256Hex(normal(code));
    }

    /** Whether {@code code} has the shape of a recovery code (not of a 6-digit one-time code). */
    public static boolean looksLikeOne(String code) {
        return code != null && normal(code).matches("[A-Z2-7]{16}");
    }

    private static String normal(String code) {
        return code.replaceAll("[\\s-]", "").toUpperCase(Locale.ROOT);
    }
}
