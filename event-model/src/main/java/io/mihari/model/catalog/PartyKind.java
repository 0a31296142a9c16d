package io.mihari.model.catalog;

import java.util.Arrays;
import java.util.Locale;

/**
 * What a responsible party is (責任主体): every outage belongs to one of them, and each is measured against its own
 * target and report clocks (docs/parties.md).
 */
public enum PartyKind {
    /** アプリ開発事業者: builds and operates a system group's application (the catalog's {@code vendors}). */
    APP_VENDOR("app-vendor", "アプリ開発事業者", "Application vendor"),
    /** クラウド提供事業者: answers for the cloud's components (virtual servers, storage, load balancers …). */
    CLOUD_PROVIDER("cloud-provider", "クラウド提供事業者", "Cloud provider"),
    /** 回線事業者: answers for the lines between the city halls and the cloud. */
    CARRIER("carrier", "回線事業者", "Network carrier"),
    /** The city itself (団体), e.g. its own network or terminals: a tenant, never listed among the parties. */
    CITY("city", "団体", "City");

    private final String yaml;
    private final String ja;
    private final String en;

    PartyKind(String yaml, String ja, String en) {
        this.yaml = yaml;
        this.ja = ja;
        this.en = en;
    }

    /** As the catalog writes it: {@code app-vendor}, {@code cloud-provider}, {@code carrier}, {@code city}. */
    public String yamlName() {
        return yaml;
    }

    public String label(Language language) {
        return language == Language.JA ? ja : en;
    }

    /** Reads the catalog's spelling (also the enum name); null → {@link #APP_VENDOR}. */
    public static PartyKind parse(String text) {
        if (text == null) {
            return APP_VENDOR;
        }
        String t = text.trim().toLowerCase(Locale.ROOT).replace('_', '-');
        return Arrays.stream(values()).filter(k -> k.yaml.equals(t)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("kind must be one of app-vendor, cloud-provider, "
                        + "carrier, was '" + text + "'"));
    }
}
