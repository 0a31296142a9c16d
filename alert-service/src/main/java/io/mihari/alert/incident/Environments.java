package io.mihari.alert.incident;

import io.mihari.alert.detect.Alert;
import io.mihari.model.catalog.Environment;
import io.mihari.model.catalog.Service;
import io.mihari.model.catalog.Target;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * Which problems are quiet because of their targets' environment (docs/detection.md, "Environments 本番系・検証系"): a
 * problem on a test 検証系 or temporary 一時的 target that the catalog does not mark {@code notified: true} opens an
 * incident on the dashboard, but nobody is mailed, no SLA clock runs and nothing escalates. A problem on a target the
 * catalog does not list (or of a service it does not list) is never quiet.
 */
final class Environments {

    private Environments() {
    }

    /** Whether a problem on {@code targetId} of {@code service} is quiet. */
    static boolean quiet(Service service, String targetId) {
        return target(service, targetId).map(Target::quiet).orElse(false);
    }

    /**
     * Why these alerts are quiet together — every one of them is on a quiet target —, for the timeline; empty when
     * one of them is not (the incident is an ordinary one).
     */
    static Optional<ProblemWords.Text> quietReason(Service service, Collection<Alert> alerts) {
        if (alerts.isEmpty() || !alerts.stream().allMatch(a -> quiet(service, a.targetId()))) {
            return Optional.empty();
        }
        List<String> ids = alerts.stream().map(Alert::targetId).distinct().toList();
        List<Environment> environments = ids.stream().map(id -> target(service, id).orElseThrow().environment())
                .distinct().toList();
        return Optional.of(notNotified(environments, ids));
    }

    /** 検証系のため通知しません / test environment: not notified, naming the targets. */
    static ProblemWords.Text notNotified(List<Environment> environments, List<String> targetIds) {
        String targets = String.join(", ", targetIds);
        if (environments.size() == 1 && environments.get(0) == Environment.TEST) {
            return new ProblemWords.Text("検証系のため通知しません（" + targets + "）",
                    "test environment: not notified (" + targets + ")");
        }
        if (environments.size() == 1) {
            return new ProblemWords.Text("一時的な環境のため通知しません（" + targets + "）",
                    "temporary environment: not notified (" + targets + ")");
        }
        return new ProblemWords.Text("検証系・一時的な環境のため通知しません（" + targets + "）",
                "test and temporary environments: not notified (" + targets + ")");
    }

    /** A production (or notified) problem joined a quiet incident: it is an ordinary one from now on. */
    static ProblemWords.Text notifiedFromNow(String targetId) {
        return new ProblemWords.Text("本番系の事象が加わったため、ここから通知します（" + targetId + "）",
                "a production problem joined (" + targetId + "): notified from now on");
    }

    private static Optional<Target> target(Service service, String targetId) {
        return service.targets().stream().filter(t -> t.id().equals(targetId)).findFirst();
    }
}
