package dev.parley.telemetry.control;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSRuntimeException;
import jakarta.jms.QueueBrowser;

import java.util.Enumeration;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * How many run ids wait in the run queue and its dead-letter queue, counted by browsing (the messages stay). Each
 * count stops at {@value #CAP}: past it the number only says "far too many", and browsing further costs the engine.
 */
@ApplicationScoped
public class QueueDepths {

    private static final Logger LOG = Logger.getLogger(QueueDepths.class.getName());
    static final int CAP = 10_000;

    public record Depths(long queued, long dead) {
    }

    @Resource(lookup = "jms/parleyConnectionFactory")
    ConnectionFactory factory;

    public Depths depths() {
        try (JMSContext jms = factory.createContext()) {
            return new Depths(count(jms, "parley.runs"), count(jms, "parley.runs.dead"));
        } catch (RuntimeException e) { // the engine stopping with the application, say: this export goes without
            LOG.log(Level.FINE, "browsing the run queues failed", e);
            return new Depths(-1, -1);
        }
    }

    private static long count(JMSContext jms, String queue) {
        try (QueueBrowser browser = jms.createBrowser(jms.createQueue(queue))) {
            long n = 0;
            for (Enumeration<?> e = browser.getEnumeration(); e.hasMoreElements() && n < CAP; e.nextElement()) {
                n++;
            }
            return n;
        } catch (jakarta.jms.JMSException e) {
            throw new JMSRuntimeException(e.getMessage());
        }
    }
}
