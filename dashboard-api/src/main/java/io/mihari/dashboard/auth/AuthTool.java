package io.mihari.dashboard.auth;

import io.quarkus.elytron.security.common.BcryptUtil;

import java.security.SecureRandom;
import java.time.Clock;

/**
 * For whoever keeps the users file: {@code hash-password <password>} prints a bcrypt hash, {@code new-totp-secret}
 * a fresh second-factor secret, {@code totp <secret>} the current one-time code. Run from the packaged app:
 * {@code java -cp 'dashboard-api/target/quarkus-app/lib/main/*:dashboard-api/target/quarkus-app/app/*'
 * io.mihari.dashboard.auth.AuthTool …} (deploy/local/mihari wraps it).
 */
public final class AuthTool {

    private AuthTool() {
    }

    public static void main(String[] args) {
        String command = args.length > 0 ? args[0] : "";
        switch (command) {
            case "hash-password" -> {
                require(args, "hash-password <password>");
                System.out.println(BcryptUtil.bcryptHash(args[1]));
            }
            case "new-totp-secret" -> {
                System.out.println(Totp.newSecret(new SecureRandom()));
            }
            case "totp" -> {
                require(args, "totp <base32 secret>");
                System.out.println(Totp.code(args[1], Clock.systemUTC().instant()));
            }
            default -> {
                System.err.println("usage: AuthTool hash-password <password> | new-totp-secret | totp <secret>");
                System.exit(2);
            }
        }
    }

    private static void require(String[] args, String usage) {
        if (args.length != 2) {
            System.err.println("usage: AuthTool " + usage);
            System.exit(2);
        }
    }
}
