package dev.parley.it.probe;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSConsumer;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.Queue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;

/**
 * Test deployments only: puts a message the run dispatcher cannot read on the run queue, and takes messages off the
 * dead-letter destination, so the tests can see that a failing delivery is retried and then parked, never dropped.
 */
@ApplicationScoped
@Path("it-probe/run-queue")
public class RunQueueProbe {

    @Resource(lookup = "jms/parleyConnectionFactory")
    ConnectionFactory connectionFactory;

    @Resource(lookup = "jms/parley/runs")
    Queue runs;

    @POST
    @Path("poison/{marker}")
    public String poison(@PathParam("marker") String marker) {
        try (JMSContext ctx = connectionFactory.createContext()) {
            // a bytes message: the dispatcher reads run ids as text, so every delivery of this one fails
            ctx.createProducer().setProperty("probeMarker", marker).send(runs, new byte[]{1, 2, 3});
        }
        return "sent";
    }

    /** Parks a text message on the dead-letter destination as the dispatcher's failures would (a run id, or anything). */
    @POST
    @Path("dead-letter/{text}")
    public String deadLetter(@PathParam("text") String text) throws JMSException {
        try (JMSContext ctx = connectionFactory.createContext()) {
            Message m = ctx.createTextMessage(text);
            ctx.createProducer().setProperty("probeMarker", "parked").send(ctx.createQueue("parley.runs.dead"), m);
            return m.getJMSMessageID();
        }
    }

    /** Takes the dead-lettered message carrying {@code marker}, if it is there: "found:<delivery count>" or "none". */
    @GET
    @Path("dead/{marker}")
    public String dead(@PathParam("marker") String marker) throws JMSException {
        try (JMSContext ctx = connectionFactory.createContext();
             JMSConsumer consumer = ctx.createConsumer(ctx.createQueue("parley.runs.dead"), "probeMarker = '" + marker + "'")) {
            Message m = consumer.receive(500);
            return m == null ? "none" : "found:" + m.getIntProperty("JMSXDeliveryCount");
        }
    }
}
