package dev.parley.it.probe;

import dev.parley.streams.control.Appender;
import dev.parley.streams.entity.Io;
import dev.parley.streams.entity.NewRecord;
import dev.parley.sessions.entity.Session;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.inject.Inject;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;

import java.util.List;

/**
 * Test deployments only: writes the records an agent writes in-process (control and command records), so the
 * channel tests can check how they are stored, served and swept without depending on the run engine.
 */
@ApplicationScoped
@Path("it-probe/sessions/{sessionId}/out")
public class AgentWriterProbe {

    @Inject
    Appender appender;

    @PersistenceContext(unitName = "parley")
    EntityManager em;

    @POST
    @Path("control/{subtype}")
    public String control(@PathParam("sessionId") String sessionId, @PathParam("subtype") String subtype,
                          @QueryParam("inEventId") String inEventId) {
        NewRecord r = NewRecord.control(subtype, "public-access-token", "probe-token", "session-in-event-id", inEventId);
        return Long.toString(appender.append(internalId(sessionId), Io.OUT, List.of(r)).get(0).seq());
    }

    @POST
    @Path("trim/{target}")
    public String trim(@PathParam("sessionId") String sessionId, @PathParam("target") long target) {
        return Long.toString(appender.trim(internalId(sessionId), Io.OUT, target).seq());
    }

    private String internalId(String friendlyId) {
        return em.createQuery("select s from Session s where s.friendlyId = :f", Session.class)
                .setParameter("f", friendlyId).getSingleResult().id();
    }
}
