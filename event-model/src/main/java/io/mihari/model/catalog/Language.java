package io.mihari.model.catalog;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;

/** The language a person reads mail and pages in. */
public enum Language {
    JA, EN;

    @JsonCreator
    public static Language parse(String value) {
        return switch (value == null ? "" : value.trim().toLowerCase(Locale.ROOT)) {
            case "ja" -> JA;
            case "en" -> EN;
            default -> throw new IllegalArgumentException("language must be 'ja' or 'en', was '" + value + "'");
        };
    }

    @JsonValue
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }
}
