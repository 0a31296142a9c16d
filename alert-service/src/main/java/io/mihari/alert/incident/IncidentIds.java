package io.mihari.alert.incident;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;

/** Incident ids like {@code INC-20261125-0007}: the day in Asia/Tokyo, then the number of the day. */
public final class IncidentIds {

    private static final DateTimeFormatter DAY = DateTimeFormatter.BASIC_ISO_DATE;

    private IncidentIds() {
    }

    public static String format(LocalDate day, long number) {
        if (number < 1) {
            throw new IllegalArgumentException("incident numbers start at 1, got " + number);
        }
        return "INC-" + DAY.format(day) + "-" + String.format("%04d", number);
    }
}
