package io.mihari.model.catalog;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a catalog's {@code escalation} section (on a tenant or a service), naming the key of every problem
 * ({@code tenants[0].escalation.after: 'soon' is not a duration …}). Kept apart from {@link CatalogLoader}, which is
 * long enough.
 */
final class EscalationReader {

    /** {@code {after: 15m, businessHours: {from, to}, steps: [{contacts: [...]}], offHours: [{contacts: [...]}]}}. */
    record EscalationDoc(String after, HoursDoc businessHours, List<StepDoc> steps, List<StepDoc> offHours) {
    }

    /** {@code {from: "08:30", to: "17:15"}}. */
    record HoursDoc(String from, String to) {
    }

    /** {@code {contacts: [{email: …, language: en}]}}. */
    record StepDoc(List<Contact> contacts) {
    }

    private EscalationReader() {
    }

    /** The escalation {@code doc} says; null when absent or wrong (every problem added at its key). */
    static Escalation read(String key, EscalationDoc doc, List<String> problems) {
        if (doc == null) {
            return null;
        }
        int before = problems.size();
        Duration after = Escalation.DEFAULT_AFTER;
        if (doc.after() != null) {
            try {
                after = CatalogLoader.parseDuration(doc.after());
                if (after.isNegative() || after.isZero()) {
                    problems.add(key + ".after: must be positive, was '" + doc.after() + "'");
                }
            } catch (RuntimeException e) {
                problems.add(key + ".after: '" + doc.after() + "' is not a duration (e.g. 15m, 1h, PT15M)");
            }
        }
        LocalTime from = Escalation.DEFAULT_FROM;
        LocalTime to = Escalation.DEFAULT_TO;
        if (doc.businessHours() != null) {
            from = time(key + ".businessHours.from", doc.businessHours().from(), from, problems);
            to = time(key + ".businessHours.to", doc.businessHours().to(), to, problems);
            if (from != null && to != null && !from.isBefore(to)) {
                problems.add(key + ".businessHours.to: must be after from (" + from + "), was '"
                        + doc.businessHours().to() + "'");
            }
        }
        List<Escalation.Step> steps = steps(key + ".steps", doc.steps(), problems);
        List<Escalation.Step> offHours = steps(key + ".offHours", doc.offHours(), problems);
        if (doc.steps() == null || doc.steps().isEmpty()) {
            problems.add(key + ".steps: at least one step is required");
        }
        return problems.size() > before ? null : new Escalation(after, steps, offHours, from, to);
    }

    private static List<Escalation.Step> steps(String key, List<StepDoc> docs, List<String> problems) {
        List<Escalation.Step> steps = new ArrayList<>();
        List<StepDoc> list = docs == null ? List.of() : docs;
        for (int i = 0; i < list.size(); i++) {
            StepDoc d = list.get(i);
            String at = key + "[" + i + "]";
            List<Contact> contacts = d == null || d.contacts() == null ? List.of()
                    : d.contacts().stream().filter(java.util.Objects::nonNull).toList();
            if (contacts.isEmpty()) {
                // a contact the binder refused is reported there already; an empty step is reported here
                if (d == null || d.contacts() == null || d.contacts().isEmpty()) {
                    problems.add(at + ".contacts: at least one contact is required");
                }
                continue;
            }
            steps.add(new Escalation.Step(contacts));
        }
        return steps;
    }

    private static LocalTime time(String key, String value, LocalTime fallback, List<String> problems) {
        if (value == null) {
            return fallback;
        }
        try {
            return LocalTime.parse(value.trim());
        } catch (DateTimeException e) {
            problems.add(key + ": '" + value + "' is not a time of day (HH:mm)");
            return null;
        }
    }
}
