package dev.parley.it.probe;

import dev.parley.client.Chat;
import dev.parley.client.ParleyClient;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;

/**
 * Test deployments only: a JAX-RS service of the kind an application writes, talking to Parley through an injected
 * {@link ParleyClient} configured by MicroProfile Config ({@code PARLEY_CLIENT_*} in the server's environment).
 */
@RequestScoped
@Path("it-probe/injected-client")
public class InjectedClientProbe {

    @Inject
    ParleyClient parley;

    /** Sends {@code text} to a new chat with {@code agent} and answers with the reply's text. */
    @POST
    @Path("{agent}")
    public String relay(@PathParam("agent") String agent, String text) {
        try (Chat chat = parley.chat(agent).build()) {
            return chat.send(text).text();
        }
    }

    /** The identity of the injected client, to show the application shares one. */
    @POST
    @Path("identity")
    public String identity() {
        return Integer.toHexString(System.identityHashCode(parley));
    }
}
