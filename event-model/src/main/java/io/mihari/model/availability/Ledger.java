package io.mihari.model.availability;

import io.mihari.model.catalog.Catalog;
import io.mihari.model.catalog.Service;

import java.time.YearMonth;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A service month's downtime split by the party that answers for it (docs/parties.md, "availability per party"):
 * every DOWN line of the month's figure goes to {@link Catalog#responsible} of its attribution, so the same
 * millisecond is never counted for two parties and never for none. Time nobody answers for is kept under
 * {@link #EXTERNAL} (force majeure, a third party) or {@link #PLANNED} (approved maintenance declared on an incident);
 * an attribution that names a party the city does not have (e.g. {@code CLOUD} in a city without a cloud provider) is
 * kept under the attribution's name. Pure: the sum of the shares is the month's downtime, exactly, or it throws.
 *
 * @param serviceId the service
 * @param month the month
 * @param downtimeMs the month's service downtime ({@link Availability#downtimeMs()})
 * @param shares per party id ({@code EXTERNAL}, {@code PLANNED}): its milliseconds, in the order first met
 * @param entries the same time per party, attribution and incident, in the order first met
 */
public record Ledger(String serviceId, YearMonth month, long downtimeMs, Map<String, Long> shares,
        List<Entry> entries) {

    /** Force majeure or a third party: nobody measured answers for it. */
    public static final String EXTERNAL = "EXTERNAL";
    /** Maintenance declared on an incident: nobody answers for it. */
    public static final String PLANNED = "PLANNED";

    public Ledger {
        shares = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(shares));
        entries = List.copyOf(entries);
    }

    /**
     * Part of a share.
     *
     * @param party the share's key: a party id, {@code EXTERNAL} or {@code PLANNED}
     * @param attribution the attribution as the service's figure reads it ({@code VENDOR} = the service's own party)
     * @param incidentId the incident it was attributed on; null for time no incident covers (the service's own party)
     * @param ms milliseconds
     */
    public record Entry(String party, String attribution, String incidentId, long ms) {
    }

    /**
     * The ledger of one service month.
     *
     * @param catalog who answers for which attribution
     * @param service the service
     * @param availability its month, with its lines ({@link Availability#intervals()})
     * @throws IllegalStateException when the lines do not add up to the month's downtime (a figure read without its
     *         lines, e.g. a frozen overview)
     */
    public static Ledger of(Catalog catalog, Service service, Availability availability) {
        Objects.requireNonNull(catalog, "catalog");
        Objects.requireNonNull(service, "service");
        Map<String, Long> shares = new LinkedHashMap<>();
        Map<List<String>, Long> parts = new LinkedHashMap<>();
        long sum = 0;
        for (Availability.Line line : availability.intervals()) {
            if (line.kind() != Availability.Kind.DOWN) {
                continue;
            }
            String party = party(catalog, service, line.attribution());
            shares.merge(party, line.ms(), Long::sum);
            parts.merge(java.util.Arrays.asList(party, line.attribution(), line.incidentId()), line.ms(), Long::sum);
            sum += line.ms();
        }
        if (sum != availability.downtimeMs()) {
            throw new IllegalStateException("the DOWN lines of " + service.id() + " " + availability.month() + " add up to "
                    + sum + " ms, its downtime is " + availability.downtimeMs() + " ms");
        }
        List<Entry> entries = new ArrayList<>();
        parts.forEach((k, ms) -> entries.add(new Entry(k.get(0), k.get(1), k.get(2), ms)));
        return new Ledger(service.id(), availability.month(), availability.downtimeMs(), shares, entries);
    }

    /** The share's key for time of this service under this attribution (null = {@code VENDOR}). */
    public static String party(Catalog catalog, Service service, String attribution) {
        String a = attribution == null ? AvailabilityCalculator.VENDOR : attribution;
        return catalog.responsible(service, a).map(Catalog.Responsible::id).orElse(a);
    }

    /** The milliseconds of this party (0 when none). */
    public long share(String party) {
        return shares.getOrDefault(party, 0L);
    }
}
