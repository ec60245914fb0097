package dev.offload.accounts;

import jakarta.annotation.security.RolesAllowed;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** The signed-in account, so a client (the dashboard) offers only what its role may do. */
@Path("accounts")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.SUBMITTER, Roles.VIEWER, Roles.OPERATOR})
public class AccountsResource {

  @GET
  @Path("me")
  @Operation(summary = "The signed-in account: its name and role")
  public JsonObject me(@Context SecurityContext security) {
    String role = Roles.ALL.stream().filter(security::isUserInRole).findFirst().orElseThrow();
    return Json.createObjectBuilder()
        .add("name", security.getUserPrincipal().getName())
        .add("role", role)
        .build();
  }
}
