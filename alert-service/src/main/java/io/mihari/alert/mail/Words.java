package io.mihari.alert.mail;

import io.mihari.model.catalog.Language;

/** The words of one mail in its reader's language: {@code s("日本語", "English")}. */
final class Words {
    final Language language;
    final boolean ja;

    Words(Language language) {
        this.language = language;
        this.ja = language == Language.JA;
    }

    String s(String japanese, String english) {
        return ja ? japanese : english;
    }
}
