package io.mihari.dashboard.command;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** What became of a command: applied, rejected and why, or a duplicate (404 until alert-service has decided). */
@Path("/api/commands")
@Produces(MediaType.APPLICATION_JSON)
public class CommandOutcomeResource {

    private final CommandService commands;

    CommandOutcomeResource(CommandService commands) {
        this.commands = commands;
    }

    @GET
    @Path("/{commandId}")
    public CommandOutcomeView outcome(@PathParam("commandId") String commandId) {
        return commands.outcome(commandId);
    }
}
