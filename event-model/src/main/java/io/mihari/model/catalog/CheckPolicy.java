package io.mihari.model.catalog;

/**
 * How many results in a row change a liveness check's verdict, so one lost packet is not an outage.
 *
 * @param failuresToDown failing results in a row before the check (and its target) counts as DOWN
 * @param successesToUp passing results in a row before a DOWN check counts as UP again
 */
public record CheckPolicy(int failuresToDown, int successesToUp) {

    public static final CheckPolicy DEFAULT = new CheckPolicy(3, 2);

    public CheckPolicy {
        if (failuresToDown < 1 || successesToUp < 1) {
            throw new IllegalArgumentException("failuresToDown and successesToUp must be at least 1");
        }
    }
}
