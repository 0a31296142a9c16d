package io.mihari.alert.report;

import io.mihari.alert.incident.CommandOutcome;
import io.mihari.alert.store.Conflicts;
import io.mihari.alert.store.Indices;
import io.mihari.model.availability.Availability;
import io.mihari.model.command.Command;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;
import org.opensearch.client.opensearch.OpenSearchClient;
import org.opensearch.client.opensearch._types.OpenSearchException;
import org.opensearch.client.opensearch._types.Refresh;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;

/**
 * Finished months frozen as the report of record in {@code mihari-reports}: revision 1 when the month is frozen
 * (once; a second freeze of the same month is a duplicate), then every correction as the next revision with its
 * reason and author. Nothing is overwritten: each revision is its own document ({@code <service>|<month>|r<n>}).
 * The owner of the service applies its FREEZE_MONTH commands in order, so revisions are numbered without races.
 */
@ApplicationScoped
public class MonthlyReports {

    private static final Logger LOG = Logger.getLogger(MonthlyReports.class);

    /** One revision of a month's report. */
    public record Frozen(String reportId, String serviceId, String month, int revision, Instant frozenAt,
            String frozenBy, String reason, String commandId, String status, BigDecimal contractualAvailabilityPercent,
            BigDecimal availabilityPercent, long contractualDowntimeMs, long plannedMs, Availability availability) {
    }

    private final OpenSearchClient client;
    private final Clock clock;

    MonthlyReports(OpenSearchClient client, Clock clock) {
        this.client = client;
        this.clock = clock;
    }

    /**
     * A FREEZE_MONTH command: without a reason it freezes the month unless it is frozen already (duplicate); with a
     * reason it records the next revision.
     */
    public CommandOutcome freeze(Command command) {
        Availability month = command.monthReport();
        String key = month.serviceId() + "|" + month.month();
        int latest = 0;
        while (exists(key + "|r" + (latest + 1))) {
            latest++;
        }
        boolean revision = command.message() != null && !command.message().isBlank();
        if (latest > 0 && !revision) {
            return CommandOutcome.duplicate();
        }
        int next = latest + 1;
        Frozen frozen = new Frozen(key + "|r" + next, month.serviceId(), month.month().toString(), next,
                clock.instant(), command.actor().display(), revision ? command.message() : null, command.commandId(),
                month.status().name(), month.contractualAvailabilityPercent(), month.availabilityPercent(),
                month.contractualDowntimeMs(), month.plannedMs(), month);
        try {
            client.create(c -> c.index(Indices.REPORTS).id(frozen.reportId()).document(frozen).refresh(Refresh.True));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot store report " + frozen.reportId(), e);
        } catch (OpenSearchException e) {
            if (Conflicts.isConflict(e)) {
                return CommandOutcome.duplicate();
            }
            throw e;
        }
        LOG.infof("availability of %s for %s frozen as revision %d by %s%s (%s, counted %s)", month.serviceId(),
                month.month(), next, frozen.frozenBy(), revision ? ": " + command.message() : "", month.status(),
                month.contractualAvailabilityPercent() == null ? "— (no evidence)"
                        : month.contractualAvailabilityPercent() + "%");
        return CommandOutcome.applied(next);
    }

    private boolean exists(String id) {
        try {
            return client.exists(e -> e.index(Indices.REPORTS).id(id)).value();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + Indices.REPORTS, e);
        }
    }
}
