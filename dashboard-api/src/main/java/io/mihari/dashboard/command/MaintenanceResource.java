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

/** Planned maintenance windows 計画メンテナンス of a service: announced and withdrawn as commands. */
@Path("/api/services/{serviceId}/maintenance")
@Produces(MediaType.APPLICATION_JSON)
public class MaintenanceResource {

    private final CommandService commands;

    MaintenanceResource(CommandService commands) {
        this.commands = commands;
    }

    @GET
    public List<MaintenanceWindow> windows(@PathParam("serviceId") String serviceId) {
        return commands.windows(serviceId);
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(@PathParam("serviceId") String serviceId, @Valid @NotNull CommandService.Window body,
            @HeaderParam("Idempotency-Key") String key) {
        return commands.createWindow(serviceId, body, key);
    }

    @DELETE
    @Path("/{windowId}")
    public Response cancel(@PathParam("serviceId") String serviceId, @PathParam("windowId") String windowId,
            @HeaderParam("Idempotency-Key") String key) {
        return commands.cancelWindow(serviceId, windowId, key);
    }
}
