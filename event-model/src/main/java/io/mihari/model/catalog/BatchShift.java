package io.mihari.model.catalog;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * The catalog's {@code shift:} of a batch job whose {@code on:} is {@code everyDay}: what happens to a cron date
 * that is not a business day. A shifted run keeps its wall-clock time; two dates shifted onto the same day are one
 * run.
 */
public enum BatchShift {
    /** The run happens anyway (the default: plain cron). */
    NONE("none"),
    /** No run on that date. */
    SKIP("skip"),
    /** The run moves to the next business day. */
    NEXT_BUSINESS_DAY("nextBusinessDay"),
    /** The run moves to the previous business day. */
    PREVIOUS_BUSINESS_DAY("previousBusinessDay");

    private final String yaml;

    BatchShift(String yaml) {
        this.yaml = yaml;
    }

    /** As the catalog writes it. */
    public String yaml() {
        return yaml;
    }

    /** The shift the catalog names (case-insensitive), empty for an unknown word. */
    public static Optional<BatchShift> parse(String text) {
        String word = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(s -> s.yaml.toLowerCase(Locale.ROOT).equals(word)).findFirst();
    }
}
