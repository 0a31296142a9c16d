package io.mihari.model.catalog;

import java.math.BigDecimal;
import java.time.ZoneId;
import java.util.List;

/**
 * One system group of one city, run by one vendor: the unit availability is measured and reported for.
 *
 * @param id e.g. {@code kurashiki-juki}
 * @param tenant the city's id
 * @param system the system group's id
 * @param vendor the operating vendor's id
 * @param availabilityTarget monthly availability target in percent (default 99.5)
 * @param timeZone where months and service hours are counted (default Asia/Tokyo)
 * @param targets the servers of this service
 */
public record Service(String id, String tenant, String system, String vendor, BigDecimal availabilityTarget,
        ZoneId timeZone, List<Target> targets) {
    public Service {
        targets = List.copyOf(targets);
    }
}
