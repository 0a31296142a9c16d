package io.mihari.model.availability;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * A penalty tier of the contract: applies when the month's contractual availability is strictly below
 * {@code below} percent. Of several tiers that apply, the one with the lowest {@code below} is the month's.
 *
 * @param below threshold in percent, e.g. {@code 99.5}
 * @param name e.g. {@code 減額1}
 * @param description e.g. {@code 月額の5%を減額}
 */
public record PenaltyTier(BigDecimal below, String name, String description) {

    public PenaltyTier {
        Objects.requireNonNull(below, "below");
        Objects.requireNonNull(name, "name");
    }
}
