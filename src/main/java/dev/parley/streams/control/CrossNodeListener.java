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
 * Reconnects with a short back-off if the database goes away.
 */
@ApplicationScoped
public class CrossNodeListener {

    private static final Logger LOG = Logger.getLogger(CrossNodeListener.class.getName());

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

    private void loop() {
        while (running) {
            try (Connection c = connect()) {
                try (Statement s = c.createStatement()) {
                    s.execute("LISTEN " + Appender.NOTIFY_CHANNEL);
                }
                PGConnection pg = c.unwrap(PGConnection.class);
                while (running) {
                    PGNotification[] notes = pg.getNotifications(5_000);
                    if (notes != null) {
                        for (PGNotification n : notes) {
                            dispatch(n.getParameter());
                        }
                    }
                }
            } catch (SQLException | RuntimeException e) {
                if (running) {
                    LOG.log(Level.WARNING, "LISTEN connection lost; retrying in 1 s: " + e.getMessage());
                    sleep();
                }
            }
        }
    }

    private Connection connect() throws SQLException {
        Properties p = new Properties();
        user.filter(u -> !u.isEmpty()).ifPresent(u -> p.setProperty("user", u));
        password.filter(pw -> !pw.isEmpty()).ifPresent(pw -> p.setProperty("password", pw));
        p.setProperty("ApplicationName", "parley-listen");
        p.setProperty("tcpKeepAlive", "true");
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
