package dev.parley.it.probe;

import dev.parley.agent.Lifecycle;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Test deployments only: what the probe agent's hooks saw ({@code hook:…}) and which lifecycle CDI events were
 * observed ({@code event:…}), per chat, readable over HTTP by the container tests.
 */
@ApplicationScoped
@Path("it-probe/hooks/{chatId}")
public class HookLog {

    private static final Map<String, List<String>> LOG = new ConcurrentHashMap<>();

    static void record(String chatId, String entry) {
        LOG.computeIfAbsent(chatId, k -> java.util.Collections.synchronizedList(new ArrayList<>())).add(entry);
    }

    void observe(@Observes Lifecycle moment) {
        if ("it-probe".equals(moment.agentId())) {
            record(moment.chatId(), "event:" + moment.getClass().getSimpleName());
        }
    }

    @GET
    @Produces(MediaType.TEXT_PLAIN)
    public String entries(@PathParam("chatId") String chatId) {
        List<String> l = LOG.getOrDefault(chatId, List.of());
        synchronized (l) {
            return String.join("\n", l);
        }
    }
}
