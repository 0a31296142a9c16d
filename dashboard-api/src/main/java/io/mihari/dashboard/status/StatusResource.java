package io.mihari.dashboard.status;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import java.util.List;

/** Current status of every service and server. */
@Path("/api")
@Produces(MediaType.APPLICATION_JSON)
public class StatusResource {

    private final StatusQueries queries;
    private final Warnings warnings;
    private final io.mihari.dashboard.auth.Viewer viewer;

    StatusResource(StatusQueries queries, Warnings warnings, io.mihari.dashboard.auth.Viewer viewer) {
        this.queries = queries;
        this.warnings = warnings;
        this.viewer = viewer;
    }

    /** What is wrong now, per service, worst first (see {@link Warnings}). */
    @GET
    @Path("/warnings")
    public List<Warnings.ServiceWarnings> warnings() {
        return warnings.of(viewer.scope());
    }

    @GET
    @Path("/services")
    public List<ServiceView> services() {
        return queries.services(viewer.scope());
    }

    @GET
    @Path("/services/{id}")
    public ServiceView service(@PathParam("id") String id) {
        return queries.service(viewer.scope(), id).orElseThrow(() -> new NotFoundException("no service '" + id + "'"));
    }

    @GET
    @Path("/targets")
    public List<TargetView> targets() {
        return queries.targets(viewer.scope());
    }

    @GET
    @Path("/targets/{tenant}/{host}")
    public TargetView target(@PathParam("tenant") String tenant, @PathParam("host") String host) {
        String id = tenant + "/" + host;
        return queries.target(viewer.scope(), id).orElseThrow(() -> new NotFoundException("no target '" + id + "'"));
    }
}
