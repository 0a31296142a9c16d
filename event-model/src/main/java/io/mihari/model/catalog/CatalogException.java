package io.mihari.model.catalog;

import java.util.List;

/**
 * The catalog cannot be used. The message names the file and lists every problem found, one per line, each with its
 * line and column ({@code sample-catalog.yaml:24:9: services[0].targets[2].rol: unknown key …}), so that one run shows
 * all there is to fix.
 */
public class CatalogException extends RuntimeException {

    private final List<CatalogProblem> located;

    /** Problems without a place in the file (the file is missing or unreadable, or the catalog does not fit). */
    public CatalogException(String source, List<String> problems) {
        this(source, problems.stream().map(p -> new CatalogProblem(0, 0, "", p)).toList(), true);
    }

    /** Problems found in the file's text. */
    public static CatalogException located(String source, List<CatalogProblem> problems) {
        return new CatalogException(source, problems, true);
    }

    private CatalogException(String source, List<CatalogProblem> problems, boolean unused) {
        super(message(source, problems));
        this.located = List.copyOf(problems);
    }

    private static String message(String source, List<CatalogProblem> problems) {
        StringBuilder sb = new StringBuilder("invalid catalog ").append(source).append(" (")
                .append(problems.size()).append(problems.size() == 1 ? " problem):" : " problems):");
        for (CatalogProblem p : problems) {
            sb.append("\n  - ").append(source);
            if (p.line() > 0) {
                sb.append(':').append(p.line()).append(':').append(p.column());
            }
            sb.append(": ").append(p.text());
        }
        return sb.toString();
    }

    /** Every problem as {@code key: message}, in the order found (binding problems, then the catalog's rules). */
    public List<String> problems() {
        return located.stream().map(CatalogProblem::text).toList();
    }

    /** Every problem with its line and column. */
    public List<CatalogProblem> located() {
        return located;
    }
}
