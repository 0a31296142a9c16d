package io.mihari.model.catalog;

/**
 * One thing wrong with a catalog, where it is: the line and column (both from 1) of the YAML text the parser marked,
 * the key ({@code services[2].targets[0].heartbeatInterval}) and what is wrong. Line and column point at the bad value
 * when it is a single value, at the key or list item otherwise, and at the mapping that lacks a required key.
 */
public record CatalogProblem(int line, int column, String key, String message) {

    /** {@code key: message}, without the place (what {@link CatalogException#problems()} lists). */
    public String text() {
        return key.isEmpty() ? message : key + ": " + message;
    }

    /** {@code 24:9 services[0].targets[2].rol: unknown key …}; without the place when there is none (line 0). */
    @Override
    public String toString() {
        return line > 0 ? line + ":" + column + " " + text() : text();
    }
}
