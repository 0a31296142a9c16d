package io.mihari.dashboard.availability;

import io.mihari.dashboard.auth.Scope;
import io.mihari.dashboard.catalog.CatalogHolder;
import io.mihari.dashboard.command.CommandPublisher;
import io.mihari.dashboard.config.DashboardConfig;
import io.mihari.model.availability.Availability;
import io.mihari.model.catalog.Catalog;
import io.mihari.model.catalog.Service;
import io.mihari.model.command.Actor;
import io.mihari.model.command.Command;
import io.mihari.model.command.CommandType;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * Freezes every service's finished month as the report of record, once it has been over for
 * {@code mihari.availability.freeze-after}: the month's figures are computed here and handed to alert-service as a
 * FREEZE_MONTH command (id {@code freeze-<service>-<month>}, so several dashboard-api instances freeze it once).
 */
@ApplicationScoped
public class MonthFreezer {

    private static final Logger LOG = Logger.getLogger(MonthFreezer.class);
    static final Actor MIHARI = Actor.MIHARI;

    private final AvailabilityService availability;
    private final FrozenReports frozen;
    private final CommandPublisher publisher;
    private final CatalogHolder catalog;
    private final Clock clock;
    private final Duration freezeAfter;

    MonthFreezer(AvailabilityService availability, FrozenReports frozen, CommandPublisher publisher,
            CatalogHolder catalog, Clock clock, DashboardConfig config) {
        this.availability = availability;
        this.frozen = frozen;
        this.publisher = publisher;
        this.catalog = catalog;
        this.clock = clock;
        this.freezeAfter = config.availability().freezeAfter();
    }

    @Scheduled(every = "${mihari.availability.freeze-check-every:1h}", delayed = "${mihari.availability.freeze-delay:2m}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void freezeFinishedMonths() {
        try {
            freeze(YearMonth.now(clock.withZone(ZoneId.of("Asia/Tokyo"))).minusMonths(1));
        } catch (RuntimeException e) {
            LOG.warnf("finished months not frozen yet (%s); trying again later", e.getMessage());
        }
    }

    /** Freezes the month of every service that has none yet, once the month is over long enough. @return how many */
    public int freeze(YearMonth month) {
        Catalog c = catalog.get();
        Scope all = Scope.system(c);
        Set<String> due = new LinkedHashSet<>();
        Instant now = clock.instant();
        for (Service s : c.services()) {
            Instant end = month.plusMonths(1).atDay(1).atStartOfDay(s.timeZone()).toInstant();
            if (!now.isBefore(end.plus(freezeAfter))) {
                due.add(s.id());
            }
        }
        if (due.isEmpty()) {
            return 0;
        }
        Map<String, FrozenReports.Revision> done = frozen.latest(all, due, month);
        int count = 0;
        for (String serviceId : due) {
            if (done.containsKey(serviceId)) {
                continue;
            }
            Availability a = availability.live(serviceId, month);
            // an id no person's command can have (theirs start with u-); a month frozen already is a no-op by content
            publisher.publish(new Command("sys-freeze-" + serviceId + "-" + month, CommandType.FREEZE_MONTH, serviceId, null,
                    MIHARI, now, null, null, null, null, null, null, a));
            count++;
        }
        if (count > 0) {
            LOG.infof("froze %s for %d services", month, count);
        }
        return count;
    }
}
