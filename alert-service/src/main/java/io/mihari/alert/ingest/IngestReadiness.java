package io.mihari.alert.ingest;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Readiness of ingest ({@code /q/health/ready}, check {@code mihari-ingest}): DOWN while Mihari cannot see. */
@Readiness
@ApplicationScoped
public class IngestReadiness implements HealthCheck {

    private final IngestState state;

    IngestReadiness(IngestState state) {
        this.state = state;
    }

    @Override
    public HealthCheckResponse call() {
        return state.health();
    }
}
