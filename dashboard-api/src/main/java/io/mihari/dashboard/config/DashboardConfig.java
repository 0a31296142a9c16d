package io.mihari.dashboard.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/** Every setting of dashboard-api, under {@code mihari.*}. */
@ConfigMapping(prefix = "mihari")
public interface DashboardConfig {

    /** Where OpenSearch is. */
    OpenSearch opensearch();

    /** The catalog of what is monitored. */
    CatalogFile catalog();

    /** Who may log in, and their tokens. */
    Auth auth();

    /** How long computed availability is reused. */
    AvailabilityCache availability();

    /** When an agent's clock offset is highlighted on the status pages. */
    ClockSkew clockSkew();

    /**
     * The levels of an agent's clock offset: the same keys and defaults as alert-service's clock-skew alert
     * ({@code mihari.clock-skew.warning}, {@code mihari.clock-skew.major}; docs/detection.md), so one setting (e.g.
     * {@code MIHARI_CLOCK_SKEW_MAJOR} in both services' environment) moves both.
     */
    interface ClockSkew {
        /** An offset this large, ahead or behind, shows as a warning. */
        @WithDefault("2s")
        Duration warning();

        /** An offset this large, ahead or behind, shows as major. */
        @WithDefault("30s")
        Duration major();
    }

    interface AvailabilityCache {
        /** A finished month's figures change only by corrections (an attribution): reused this long. */
        @WithDefault("5m")
        Duration cacheComplete();

        /** The month so far moves with the clock: reused this long. */
        @WithDefault("30s")
        Duration cacheCurrent();

        /**
         * The month so far is computed from target transitions kept in memory and checked against OpenSearch on each
         * computation, reading again only the services whose stored transitions changed (docs/availability.md,
         * "Month so far"); false reads every transition of the month each time (the figures are the same).
         */
        @WithDefault("true")
        boolean incremental();

        /**
         * A finished month is frozen as the report of record this long after it ended (late data and attributions
         * have come in by then); later corrections are revisions.
         */
        @WithDefault("1d")
        Duration freezeAfter();

        /**
         * How long after the start the freezer first looks for finished months (read by the freezer's schedule,
         * {@code MonthFreezer}; declared here so that setting it is not refused as an unknown key).
         */
        @WithDefault("2m")
        String freezeDelay();

        /** How often the freezer looks for finished months to freeze (read by its schedule, like freeze-delay). */
        @WithDefault("1h")
        String freezeCheckEvery();
    }

    interface Auth {
        /**
         * YAML file of the users (id, name, role, organisation, bcrypt passwordHash, totpSecret); re-read when it
         * changes, and a token of a user who is no longer in it (or whose role or organisation changed) is refused.
         */
        Path usersFile();

        /**
         * Secret (at least 32 bytes) that signs login tokens; shared by all dashboard-api instances. Give it by the
         * environment ({@code MIHARI_AUTH_TOKEN_SECRET}) or, better, {@link #tokenSecretFile()}; never on the command
         * line, where {@code ps} shows it.
         */
        Optional<String> tokenSecret();

        /** File holding the token secret (readable only by the service's user); wins over {@link #tokenSecret()}. */
        Optional<Path> tokenSecretFile();

        /** How long one token lasts; the web page renews it before it runs out ({@code POST /api/auth/refresh}). */
        @WithDefault("1h")
        Duration tokenLifetime();

        /** A login's tokens can be renewed this long after the password and code were given, then a new login. */
        @WithDefault("12h")
        Duration sessionMax();

        /** How long the session of someone enrolling a second factor lasts (it can do nothing else). */
        @WithDefault("10m")
        Duration enrolmentLifetime();

        /**
         * Whether a user who must have a second factor but has none may enrol one after giving the password. Turn
         * off to accept only factors provisioned in the users file.
         */
        @WithDefault("true")
        boolean enrolmentAllowed();

        /** Passkeys (WebAuthn), the second factor besides TOTP. */
        Passkeys passkeys();

        /** Failed-login limits per account name (known or not). */
        AccountThrottle account();

        /** Failed-login limits per client address. */
        AddressThrottle address();
    }

    /**
     * Passkeys (WebAuthn credentials) as a second factor. A browser uses one only on a page whose origin is HTTPS, or
     * plain HTTP on {@code localhost}: an IP address such as 127.0.0.1 can never be a relying party.
     */
    interface Passkeys {
        /**
         * The relying party's id: the host name (or a registrable suffix of it) that the dashboard is reached under.
         * Passkeys are bound to it: changing it makes every registered passkey unusable.
         */
        @WithDefault("localhost")
        String rpId();

        /** The name the browser shows when a passkey is made. */
        @WithDefault("Mihari")
        String rpName();

        /**
         * Every origin (scheme, host and port) the dashboard is reached at, exactly as the browser's address bar shows
         * it; an assertion made on any other page is refused.
         */
        @WithDefault("http://localhost:8080")
        java.util.List<String> origins();

        /**
         * Whether the authenticator must verify the user (PIN or biometrics): {@code required}, {@code preferred}
         * (asked for, not required: the password is the other factor) or {@code discouraged}.
         */
        @WithDefault("preferred")
        UserVerification userVerification();

        /** What the authenticator is asked about verifying the user (WebAuthn's values). */
        enum UserVerification {
            REQUIRED, PREFERRED, DISCOURAGED;

            /** As WebAuthn writes it. */
            public String value() {
                return name().toLowerCase(java.util.Locale.ROOT);
            }
        }

        /** How long a registration or login challenge may be answered. */
        @WithDefault("5m")
        Duration challengeLifetime();

        /** At most this many passkeys per user. */
        @WithDefault("10")
        int maxPerUser();
    }

    /** Growing delay, then temporary lockout, for failed logins of one account name. */
    interface AccountThrottle {
        /** Failures without any delay. */
        @WithDefault("3")
        int freeFailures();

        /** The delay after the first failure beyond the free ones; it doubles with each further failure. */
        @WithDefault("1s")
        Duration firstDelay();

        /** The delay never grows beyond this. */
        @WithDefault("1m")
        Duration maxDelay();

        /** After this many failures (and every further multiple) the account is locked. */
        @WithDefault("10")
        int lockoutAfter();

        /** How long a lockout lasts (an administrator can end it sooner). */
        @WithDefault("15m")
        Duration lockout();

        /** Failures are forgotten when none came for this long (and no lockout runs). */
        @WithDefault("1h")
        Duration forgetAfter();
    }

    /** Growing delay, then temporary lockout, for failed logins from one client address (e.g. a city hall's NAT). */
    interface AddressThrottle {
        /** Failures without any delay. */
        @WithDefault("10")
        int freeFailures();

        /** The delay after the first failure beyond the free ones; it doubles with each further failure. */
        @WithDefault("1s")
        Duration firstDelay();

        /** The delay never grows beyond this. */
        @WithDefault("30s")
        Duration maxDelay();

        /** After this many failures (and every further multiple) the address is locked. */
        @WithDefault("30")
        int lockoutAfter();

        /** How long a lockout lasts (an administrator can end it sooner). */
        @WithDefault("15m")
        Duration lockout();

        /** Failures are forgotten when none came for this long (and no lockout runs). */
        @WithDefault("1h")
        Duration forgetAfter();
    }

    /** {@code mihari.opensearch.*}: shared with the other service (opensearch-access). */
    interface OpenSearch extends io.mihari.opensearch.OpenSearchSettings {
    }

    interface CatalogFile {
        /** Path of the catalog YAML. */
        Path path();
    }

    /** How people's commands are signed for alert-service (docs/security.md). */
    Commands commands();

    interface Commands {
        /**
         * The private key (a JSON Web Key, EC P-256, with its {@code kid}) that signs every command; alert-service
         * applies only commands signed by a key in its {@code mihari.commands.verification-keys-file}. Readable by
         * dashboard-api's user only. {@code deploy/local/mihari} makes one for local runs.
         */
        Path signingKeyFile();
    }
}
