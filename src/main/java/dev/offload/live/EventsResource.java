package dev.offload.live;

import dev.offload.accounts.Roles;
import dev.offload.accounts.Visibility;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * The transitions and progress of every task the caller may see as they happen, optionally of one
 * type: {@code /api/events}.
 */
@Path("events")
@RolesAllowed({Roles.SUBMITTER, Roles.VIEWER, Roles.OPERATOR})
@Produces(MediaType.SERVER_SENT_EVENTS)
public class EventsResource {

  @Inject LiveHub hub;

  @GET
  @Operation(
      summary =
          "Every task's transitions and progress as Server-Sent Events, optionally of one type")
  public void events(
      @QueryParam("type") String type,
      @Context SecurityContext security,
      @Context SseEventSink sink,
      @Context Sse sse) {
    Visibility visibility = Visibility.of(security);
    hub.stream(
        sink, sse, t -> visibility.sees(t.owner()) && (type == null || type.equals(t.type())));
  }
}
