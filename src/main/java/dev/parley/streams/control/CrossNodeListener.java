package dev.parley.streams.control;

import dev.parley.streams.entity.Io;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Hears other nodes' appends: one dedicated connection (outside the pool) runs {@code LISTEN parley_streams};
 * each notification names a channel and its newest seq, and the hub reads the new range for local subscribers.
 * Invariant: no append is missed for long, whatever happens to that connection. A dropped connection is reopened
 * with a short back-off; a half-open one (the peer gone without a word, so no error ever arrives) is caught by a
 * query every {@value #CHECK_MS} ms under a socket timeout; and after every (re)connect each channel someone here
 * listens to is read from its last seen seq, since notifications sent while nobody listened are gone.
 * {@link #healthy()} feeds readiness.
 */
@ApplicationScoped
public class CrossNodeListener {

    private static final Logger LOG = Logger.getLogger(CrossNodeListener.class.getName());
    static final int CHECK_MS = 2_000;
    private static final int SOCKET_TIMEOUT_SECONDS = 10;

    @Inject
    TailHub hub;

    @Inject
    @ConfigProperty(name = "parley.db.url")
    String url;

    @Inject
    @ConfigProperty(name = "parley.db.user")
    java.util.Optional<String> user;

    @Inject
    @ConfigProperty(name = "parley.db.password")
    java.util.Optional<String> password;

    private volatile boolean running;
    private volatile long verifiedAt;
    private volatile boolean listening;
    private Thread thread;

    void start(@Observes @Initialized(ApplicationScoped.class) Object ignored) {
        running = true;
        thread = Thread.ofPlatform().daemon().name("parley-listen").start(this::loop);
    }

    @PreDestroy
    void stop() {
        running = false;
        if (thread != null) {
            thread.interrupt();
        }
    }

    /** Listening, and the connection answered a query within the last few checks. */
    public boolean healthy() {
        return listening && System.nanoTime() - verifiedAt < 3L * CHECK_MS * 1_000_000;
    }

    private void loop() {
        while (running) {
            try (Connection c = connect()) {
                try (Statement s = c.createStatement()) {
                    s.execute("LISTEN " + Appender.NOTIFY_CHANNEL);
                }
                verifiedAt = System.nanoTime();
                listening = true;
                hub.resync();
                listen(c);
            } catch (SQLException | RuntimeException e) {
                if (running) {
                    LOG.log(Level.WARNING, "LISTEN connection lost; retrying in 1 s: " + e.getMessage());
                    sleep();
                }
            } finally {
                listening = false;
            }
        }
    }

    private void listen(Connection c) throws SQLException {
        PGConnection pg = c.unwrap(PGConnection.class);
        while (running) {
            PGNotification[] notes = pg.getNotifications(CHECK_MS);
            if (notes != null) {
                for (PGNotification n : notes) {
                    dispatch(n.getParameter());
                }
            }
            if (System.nanoTime() - verifiedAt >= CHECK_MS * 1_000_000L) {
                try (Statement s = c.createStatement()) {
                    s.execute("select 1"); // fails (socket timeout) on a half-open connection
                }
                verifiedAt = System.nanoTime();
            }
        }
    }

    private Connection connect() throws SQLException {
        Properties p = new Properties();
        user.filter(u -> !u.isEmpty()).ifPresent(u -> p.setProperty("user", u));
        password.filter(pw -> !pw.isEmpty()).ifPresent(pw -> p.setProperty("password", pw));
        p.setProperty("ApplicationName", "parley-listen");
        p.setProperty("tcpKeepAlive", "true");
        p.setProperty("socketTimeout", Integer.toString(SOCKET_TIMEOUT_SECONDS));
        p.setProperty("connectTimeout", Integer.toString(SOCKET_TIMEOUT_SECONDS));
        return new org.postgresql.Driver().connect(url, p);
    }

    private void dispatch(String payload) {
        String[] p = payload.split(" ");
        if (p.length != 4 || p[0].equals(Appender.NODE_ID)) {
            return;
        }
        try {
            Io.fromWire(p[2]).ifPresent(io -> hub.remoteAppend(p[1], io, Long.parseLong(p[3])));
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "could not deliver a cross-node notification", e);
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(1_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
