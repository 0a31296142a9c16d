package io.mihari.model.catalog;

/** A name shown to people, in Japanese and English. */
public record LocalizedName(String ja, String en) {
    public LocalizedName {
        if (ja == null || ja.isBlank() || en == null || en.isBlank()) {
            throw new IllegalArgumentException("both name.ja and name.en are required");
        }
    }

    public String in(Language language) {
        return language == Language.JA ? ja : en;
    }
}
