package io.mihari.model.catalog;

import java.util.Arrays;
import java.util.Locale;

/**
 * A kind of component a party other than the app vendor answers for (各種サービス), measured per component with no
 * redundancy credit: a single instance down is its party's downtime even when the application stays up behind a
 * redundancy group. A target says which it is with {@code component:} (docs/parties.md).
 */
public enum ComponentType {
    VIRTUAL_SERVER("virtual-server", "仮想サーバ", "Virtual servers", PartyKind.CLOUD_PROVIDER),
    STORAGE("storage", "ストレージ", "Storage", PartyKind.CLOUD_PROVIDER),
    LOAD_BALANCER("load-balancer", "負荷分散装置", "Load balancers", PartyKind.CLOUD_PROVIDER),
    DATABASE("database", "マネージドデータベース", "Managed databases", PartyKind.CLOUD_PROVIDER),
    FILE_SERVICE("file-service", "ファイルサービス", "File services", PartyKind.CLOUD_PROVIDER),
    REPLICATION("replication", "レプリケーション", "Replication", PartyKind.CLOUD_PROVIDER),
    LINE("line", "回線", "Lines", PartyKind.CARRIER);

    private final String yaml;
    private final String ja;
    private final String en;
    private final PartyKind owner;

    ComponentType(String yaml, String ja, String en, PartyKind owner) {
        this.yaml = yaml;
        this.ja = ja;
        this.en = en;
        this.owner = owner;
    }

    /** As the catalog writes it, e.g. {@code virtual-server}. */
    public String yamlName() {
        return yaml;
    }

    public String label(Language language) {
        return language == Language.JA ? ja : en;
    }

    /** Which kind of party answers for components of this type in a city (its tenant's cloud provider or carrier). */
    public PartyKind owner() {
        return owner;
    }

    /** Reads the catalog's spelling (also the enum name). */
    public static ComponentType parse(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT).replace('_', '-');
        return Arrays.stream(values()).filter(k -> k.yaml.equals(t)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("component must be one of "
                        + String.join(", ", Arrays.stream(values()).map(ComponentType::yamlName).toList())
                        + ", was '" + text + "'"));
    }
}
