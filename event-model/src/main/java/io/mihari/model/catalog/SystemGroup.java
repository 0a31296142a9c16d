package io.mihari.model.catalog;

/** A system group such as 住記系 (juki) or 保健福祉系 (hokenfukushi). */
public record SystemGroup(String id, LocalizedName name) {
}
