package dev.parley.console.control;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSConsumer;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSException;
import jakarta.jms.JMSRuntimeException;
import jakarta.jms.Message;
import jakarta.jms.Queue;
import jakarta.jms.QueueBrowser;
import jakarta.jms.TextMessage;
import jakarta.transaction.Transactional;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * The run queue's dead letters ({@code parley.runs.dead}): messages the run dispatcher failed on at every delivery
 * (docs/runs.md, "Dispatch"). The console lists them and sends one back to the run queue; the engine takes a run with a
 * compare-and-set, so sending back a run that has moved on since does nothing.
 */
@ApplicationScoped
public class DeadRuns {

    /** At most this many are listed, oldest first. */
    public static final int LIMIT = 100;
    /** What a JMS message id may look like here (it is put into a selector). */
    public static final String MESSAGE_ID = "ID:[A-Za-z0-9_.:-]{1,128}";

    @Resource(lookup = "jms/parleyConnectionFactory")
    ConnectionFactory connectionFactory;

    @Resource(lookup = "jms/parley/runs")
    Queue runs;

    /** One dead letter: its JMS id, when it was first sent, its deliveries, and the run id it carries (or null). */
    public record DeadRun(String messageId, long sentAt, int deliveries, String runId) {
    }

    /** What sending one back found. */
    public enum Requeue { REQUEUED, GONE, NOT_A_RUN }

    public List<DeadRun> list() {
        List<DeadRun> out = new ArrayList<>();
        try (JMSContext ctx = connectionFactory.createContext();
             QueueBrowser browser = ctx.createBrowser(ctx.createQueue("parley.runs.dead"))) {
            for (Object o : Collections.list(browser.getEnumeration())) {
                if (out.size() == LIMIT) {
                    break;
                }
                Message m = (Message) o;
                out.add(new DeadRun(m.getJMSMessageID(), m.getJMSTimestamp(),
                        m.propertyExists("JMSXDeliveryCount") ? m.getIntProperty("JMSXDeliveryCount") : 0, runId(m)));
            }
        } catch (JMSException e) {
            throw new JMSRuntimeException(e.getMessage(), e.getErrorCode(), e);
        }
        return out;
    }

    /**
     * Takes the dead letter off and puts its run id on the run queue, in one transaction: a failure leaves it where it
     * was. A message that carries no run id stays dead-lettered (nothing could ever handle it).
     */
    @Transactional
    public Requeue requeue(String messageId) {
        if (!messageId.matches(MESSAGE_ID)) {
            throw new IllegalArgumentException("not a message id: it goes into a JMS selector");
        }
        try (JMSContext ctx = connectionFactory.createContext()) {
            Queue dead = ctx.createQueue("parley.runs.dead");
            Optional<Message> found = find(ctx, dead, messageId);
            if (found.isEmpty()) {
                return Requeue.GONE;
            }
            String runId = runId(found.get());
            if (runId == null) {
                return Requeue.NOT_A_RUN;
            }
            try (JMSConsumer consumer = ctx.createConsumer(dead, "JMSMessageID = '" + messageId + "'")) {
                if (consumer.receive(2_000) == null) {
                    return Requeue.GONE; // another admin took it meanwhile
                }
            }
            ctx.createProducer().send(runs, runId);
            return Requeue.REQUEUED;
        }
    }

    private static Optional<Message> find(JMSContext ctx, Queue dead, String messageId) {
        try (QueueBrowser browser = ctx.createBrowser(dead, "JMSMessageID = '" + messageId + "'")) {
            var e = browser.getEnumeration();
            return e.hasMoreElements() ? Optional.of((Message) e.nextElement()) : Optional.empty();
        } catch (JMSException e) {
            throw new JMSRuntimeException(e.getMessage(), e.getErrorCode(), e);
        }
    }

    private static String runId(Message m) {
        try {
            return m instanceof TextMessage t && t.getText() != null && t.getText().matches("[A-Za-z0-9_-]{1,128}")
                    ? t.getText() : null;
        } catch (JMSException e) {
            return null;
        }
    }
}
