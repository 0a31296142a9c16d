package io.mihari.agent.check;

import io.mihari.agent.config.Identity;
import io.mihari.model.event.CheckResult;

import java.time.Duration;
import java.util.Objects;

/**
 * A check whose result is reported for another target of the agent's city than its own server (configured with
 * {@code target}), e.g. a check through the city hall's line A reported for {@code kurashiki/krs-line-a}: the
 * line is the carrier's target, and the agent on the relay server is only where the check runs from.
 *
 * @param check    the check itself
 * @param reportAs who the result speaks for (the same agent id as the agent's own events)
 */
public record ReportedCheck(Check check, Identity reportAs) implements Check {

    public ReportedCheck {
        Objects.requireNonNull(check, "check");
        Objects.requireNonNull(reportAs, "reportAs");
    }

    @Override
    public String name() {
        return check.name();
    }

    @Override
    public CheckResult.Kind kind() {
        return check.kind();
    }

    @Override
    public Duration interval() {
        return check.interval();
    }

    @Override
    public String target() {
        return check.target() + " for " + reportAs.targetId();
    }

    @Override
    public CheckResult run() {
        return check.run();
    }
}
