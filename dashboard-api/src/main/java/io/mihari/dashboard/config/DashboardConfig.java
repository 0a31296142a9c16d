package io.mihari.dashboard.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.nio.file.Path;
import java.time.Duration;

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

    interface AvailabilityCache {
        /** A finished month's figures change only by corrections (an attribution): reused this long. */
        @WithDefault("5m")
        Duration cacheComplete();

        /** The month so far moves with the clock: reused this long. */
        @WithDefault("30s")
        Duration cacheCurrent();

        /**
         * A finished month is frozen as the report of record this long after it ended (late data and attributions
         * have come in by then); later corrections are revisions.
         */
        @WithDefault("1d")
        Duration freezeAfter();
    }

    interface Auth {
        /** YAML file of the users (id, name, role, organisation, bcrypt passwordHash, totpSecret). */
        Path usersFile();

        /** Secret (at least 32 bytes) that signs login tokens; shared by all dashboard-api instances. */
        java.util.Optional<String> tokenSecret();

        /** How long a login lasts. */
        @WithDefault("8h")
        Duration tokenLifetime();
    }

    interface OpenSearch {
        /** Base URL, e.g. {@code http://127.0.0.1:19200}. */
        String url();

        /** How long to wait for a connection. */
        @WithDefault("5s")
        Duration connectTimeout();

        /** How long to wait for an answer. */
        @WithDefault("30s")
        Duration responseTimeout();
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
