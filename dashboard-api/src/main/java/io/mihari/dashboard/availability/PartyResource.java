package io.mihari.dashboard.availability;

import io.mihari.dashboard.auth.Viewer;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

/**
 * Availability per responsible party (docs/parties.md): every party's services, the downtime attributed to it from
 * other parties' services, its components per city and type, and the ledger of each service month. Computed now from
 * the stored data (the services' own figures are the board's: the report of record once a month is frozen).
 */
@Path("/api/parties")
@Produces(MediaType.APPLICATION_JSON)
public class PartyResource {

    private final PartyService parties;
    private final AvailabilityResource availability;
    private final Viewer viewer;

    PartyResource(PartyService parties, AvailabilityResource availability, Viewer viewer) {
        this.parties = parties;
        this.availability = availability;
        this.viewer = viewer;
    }

    /** @param month {@code 2026-12}; default the current month in Asia/Tokyo */
    @GET
    public PartyService.Parties all(@QueryParam("month") String month) {
        return parties.parties(viewer.scope(), availability.month(month));
    }

    /** One party; a party the viewer may not see answers exactly like one that does not exist (404). */
    @GET
    @Path("/{id}")
    public PartyService.OneParty one(@PathParam("id") String id, @QueryParam("month") String month) {
        PartyService.OneParty one = parties.party(viewer.scope(), availability.month(month), id);
        if (one == null) {
            throw new NotFoundException("no party '" + id + "'");
        }
        return one;
    }
}
