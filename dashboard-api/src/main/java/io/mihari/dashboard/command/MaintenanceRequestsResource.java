package io.mihari.dashboard.command;

import io.mihari.model.maintenance.MaintenanceWindow;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import java.util.List;

/** Maintenance windows of every service the viewer may see, e.g. the requests waiting for the city's decision. */
@Path("/api/maintenance")
@Produces(MediaType.APPLICATION_JSON)
public class MaintenanceRequestsResource {

    private final MaintenanceService maintenance;

    MaintenanceRequestsResource(MaintenanceService maintenance) {
        this.maintenance = maintenance;
    }

    /**
     * @param status {@code REQUESTED} (standing requests), {@code APPROVED} or {@code REJECTED}; all windows when absent
     * @param size at most this many (1–500, default 100), soonest start first
     */
    @GET
    public List<MaintenanceWindow> windows(@QueryParam("status") String status, @QueryParam("size") Integer size) {
        MaintenanceWindow.Status wanted = null;
        if (status != null && !status.isBlank()) {
            try {
                wanted = MaintenanceWindow.Status.valueOf(status);
            } catch (IllegalArgumentException e) {
                throw new BadRequestException("status: one of " + List.of(MaintenanceWindow.Status.values()));
            }
        }
        return maintenance.all(wanted, size == null ? 100 : size);
    }
}
