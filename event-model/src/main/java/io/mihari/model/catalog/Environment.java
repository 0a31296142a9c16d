package io.mihari.model.catalog;

import java.util.Arrays;
import java.util.Locale;

/**
 * Which environment a target belongs to (the catalog's {@code environment:}, docs/detection.md "Environments
 * 本番系・検証系"). Only production counts in its service's status and availability and has its problems mailed; a
 * test or temporary target is monitored quietly (its own status is tracked and shown, its incidents are on the
 * dashboard only) unless the catalog says {@code notified: true}.
 */
public enum Environment {
    /** 本番系: the municipality's live system. */
    PRODUCTION("production", "本番系", "production"),
    /** 検証系: a test or staging environment. */
    TEST("test", "検証系", "test"),
    /** 一時的: a host that exists for a while only, e.g. a replica made for a verification. */
    TEMPORARY("temporary", "一時的", "temporary");

    private final String yaml;
    private final String ja;
    private final String en;

    Environment(String yaml, String ja, String en) {
        this.yaml = yaml;
        this.ja = ja;
        this.en = en;
    }

    /** As the catalog writes it, e.g. {@code test}. */
    public String yamlName() {
        return yaml;
    }

    /** 本番系 / production, 検証系 / test, 一時的 / temporary. */
    public String label(Language language) {
        return language == Language.JA ? ja : en;
    }

    /** Reads the catalog's spelling (also the enum name, any case). */
    public static Environment parse(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(e -> e.yaml.equals(t)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("environment must be one of "
                        + String.join(", ", Arrays.stream(values()).map(Environment::yamlName).toList())
                        + ", was '" + text + "'"));
    }
}
