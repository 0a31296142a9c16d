package io.mihari.model.catalog;

/**
 * How many results in a row change a liveness check's verdict, so one lost packet is not an outage.
 *
 * @param failuresToDown failing results in a row before the check (and its target) counts as DOWN
 * @param successesToUp passing results in a row before a DOWN check counts as UP again
 */
public record CheckPolicy(int failuresToDown, int successesToUp) {

    /**
     * 7 failures to DOWN, 2 passes to UP. With the agent's quick re-checks (every 2 s after a first failure, 6 of
     * them: {@code io.mihari.model.event.CheckCadence}) a dead service is DOWN 12 s after its first failing result,
     * while a check lost at random with probability p raises a false DOWN only if all 7 fail: p^7 per check run
     * (1.3e-5 at 20 % loss). The arithmetic is in docs/detection.md, "Defaults: fast and calm".
     */
    public static final CheckPolicy DEFAULT = new CheckPolicy(7, 2);

    public CheckPolicy {
        if (failuresToDown < 1 || successesToUp < 1) {
            throw new IllegalArgumentException("failuresToDown and successesToUp must be at least 1");
        }
    }
}
