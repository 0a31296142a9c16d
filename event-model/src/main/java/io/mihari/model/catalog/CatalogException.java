package io.mihari.model.catalog;

import java.util.List;

/** The catalog cannot be used; the message names the file, the key and the problem (one per line). */
public class CatalogException extends RuntimeException {

    private final List<String> problems;

    public CatalogException(String source, List<String> problems) {
        super("invalid catalog " + source + ":\n  - " + String.join("\n  - ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
