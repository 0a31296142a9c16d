package io.mihari.model.catalog;

import io.mihari.model.availability.PenaltyTier;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;

/**
 * A party's own SLA settings (catalog {@code parties[].sla}); every field optional: unset falls back to the service's
 * target and to alert-service's clocks ({@code mihari.incidents.first-report-due}, {@code mihari.sla.status-report-every}).
 *
 * @param availabilityTarget the monthly target in percent for what the party answers for (its components, its
 *        services), e.g. 99.5
 * @param firstReportWithin its 初報 is due this long after it became responsible for an incident ({@code 1h})
 * @param statusReportEvery its 状況報告 are due at least this often until 暫定復旧 ({@code 1h})
 * @param penaltyTiers its penalty tiers 減額区分 ({@code {below, name, description}}): those of the services it operates
 *        that name none of their own, and of its components per city and type; null = the defaults' for its services,
 *        none for its components
 */
public record PartySla(BigDecimal availabilityTarget, String firstReportWithin, String statusReportEvery,
        List<PenaltyTier> penaltyTiers) {

    /** Without penalty tiers of its own. */
    public PartySla(BigDecimal availabilityTarget, String firstReportWithin, String statusReportEvery) {
        this(availabilityTarget, firstReportWithin, statusReportEvery, null);
    }

    public PartySla {
        penaltyTiers = penaltyTiers == null ? null : penaltyTiers.stream().filter(java.util.Objects::nonNull).toList();
        if (penaltyTiers != null) {
            for (PenaltyTier t : penaltyTiers) {
                if (t.below().signum() <= 0 || t.below().compareTo(BigDecimal.valueOf(100)) > 0) {
                    throw new IllegalArgumentException("sla.penaltyTiers: below must be a percentage in (0, 100], was "
                            + t.below().toPlainString());
                }
            }
        }
        if (availabilityTarget != null && (availabilityTarget.signum() <= 0
                || availabilityTarget.compareTo(BigDecimal.valueOf(100)) > 0)) {
            throw new IllegalArgumentException("sla.availabilityTarget must be a percentage in (0, 100], was "
                    + availabilityTarget.toPlainString());
        }
        check("firstReportWithin", firstReportWithin);
        check("statusReportEvery", statusReportEvery);
    }

    private static void check(String key, String text) {
        if (text == null) {
            return;
        }
        Duration d;
        try {
            d = CatalogLoader.parseDuration(text);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("sla." + key + ": '" + text + "' is not a duration (e.g. 1h, 30m)");
        }
        if (d.isZero() || d.isNegative()) {
            throw new IllegalArgumentException("sla." + key + ": must be longer than zero, was '" + text + "'");
        }
    }

    /** Null when unset. */
    public Duration firstReport() {
        return firstReportWithin == null ? null : CatalogLoader.parseDuration(firstReportWithin);
    }

    /** Null when unset. */
    public Duration statusReport() {
        return statusReportEvery == null ? null : CatalogLoader.parseDuration(statusReportEvery);
    }
}
