package io.mihari.dashboard.command;

import io.mihari.model.maintenance.MaintenanceWindow;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.util.List;

/**
 * Planned maintenance windows 計画停止 of a service: requested by the vendor (registered by the city or an
 * administrator), approved or rejected by the city (or an administrator) before they start, withdrawn — each published
 * as a command (202 + its id; {@code GET /api/commands/{id}} tells what alert-service made of it).
 */
@Path("/api/services/{serviceId}/maintenance")
@Produces(MediaType.APPLICATION_JSON)
public class MaintenanceResource {

    private final MaintenanceService maintenance;

    MaintenanceResource(MaintenanceService maintenance) {
        this.maintenance = maintenance;
    }

    @GET
    public List<MaintenanceWindow> windows(@PathParam("serviceId") String serviceId) {
        return maintenance.windows(serviceId);
    }

    /** A vendor's request (an operator's or administrator's registration, approved at once). */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response request(@PathParam("serviceId") String serviceId,
            @Valid @NotNull MaintenanceService.Window body, @HeaderParam("Idempotency-Key") String key) {
        return maintenance.request(serviceId, body, key);
    }

    /** The city (or an administrator) approves a request before it starts. */
    @POST
    @Path("/{windowId}/approve")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response approve(@PathParam("serviceId") String serviceId, @PathParam("windowId") String windowId,
            @Valid MaintenanceService.Approval body, @HeaderParam("Idempotency-Key") String key) {
        return maintenance.approve(serviceId, windowId, body, key);
    }

    /** The city (or an administrator) rejects a request, saying why. */
    @POST
    @Path("/{windowId}/reject")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response reject(@PathParam("serviceId") String serviceId, @PathParam("windowId") String windowId,
            @Valid @NotNull MaintenanceService.Rejection body, @HeaderParam("Idempotency-Key") String key) {
        return maintenance.reject(serviceId, windowId, body, key);
    }

    /** The window is withdrawn from now on. */
    @DELETE
    @Path("/{windowId}")
    public Response withdraw(@PathParam("serviceId") String serviceId, @PathParam("windowId") String windowId,
            @HeaderParam("Idempotency-Key") String key) {
        return maintenance.withdraw(serviceId, windowId, key);
    }
}
