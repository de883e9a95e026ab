package dev.parley.streams.boundary;

import dev.parley.streams.control.Subscriptions;
import jakarta.annotation.PreDestroy;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.inject.Inject;

/**
 * Ends this node's SSE streams as soon as the server begins to stop. An HTTP endpoint that stops waits for its open
 * connections, and a reader's stream stays open for up to its {@code Timeout-Seconds}: Open Liberty waited out its
 * whole 30 s quiesce period on every stop with a reader connected, and the readers learnt of it only when the
 * connection dropped. On Open Liberty this singleton is destroyed at the start of the quiesce period
 * ({@code io.openliberty.ejb.destroyOnQuiesce} in {@code WEB-INF/ejb-jar.xml}); elsewhere at application stop, which
 * ends the streams as before.
 */
@Singleton
@Startup
public class StreamsQuiesce {

    @Inject
    Subscriptions subscriptions;

    @PreDestroy
    void serverStopping() {
        subscriptions.endAll();
    }
}
