package dev.parley.runs.boundary;

import dev.parley.runs.control.RunEngine;
import jakarta.ejb.ActivationConfigProperty;
import jakarta.ejb.MessageDriven;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageListener;

/**
 * Takes runs off the run queue. Messages carry a run id only. Taking a run is a compare-and-set, so redelivered or
 * duplicate messages do nothing; a failure propagates, the message is redelivered and, after the engine's limit,
 * moved to the dead-letter destination {@code parley.runs.dead}. No transaction: the database work commits on its own.
 */
@MessageDriven(activationConfig = {
        @ActivationConfigProperty(propertyName = "destinationLookup", propertyValue = "jms/parley/runs"),
        @ActivationConfigProperty(propertyName = "destinationType", propertyValue = "jakarta.jms.Queue")})
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class RunDispatcher implements MessageListener {

    @Inject
    RunEngine engine;

    @Override
    public void onMessage(Message message) {
        try {
            engine.take(message.getBody(String.class));
        } catch (JMSException e) {
            throw new IllegalStateException("unreadable run message", e);
        }
    }
}
