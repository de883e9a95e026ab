package dev.parley.runs.control;

import dev.parley.sessions.entity.RunStatus;
import dev.parley.sessions.entity.RunWanted;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSContext;
import jakarta.jms.Queue;

/**
 * Puts runs on the run queue (ids only) once the transaction that wanted them has committed. A run seen PENDING or
 * SUSPENDED is sent at once; a run seen WAITING is re-read after the commit, because it may have suspended in the
 * meantime without seeing the new record (the run re-checks {@code .in} after suspending, so one side always sees it).
 * Duplicates are harmless: taking a run is a compare-and-set.
 */
@ApplicationScoped
public class RunDispatch {

    @Resource(lookup = "jms/parleyConnectionFactory")
    ConnectionFactory connectionFactory;

    @Resource(lookup = "jms/parley/runs")
    Queue queue;

    @Resource(lookup = "concurrent/parley/io")
    ManagedExecutorService executor;

    @Inject
    RunRows rows;

    void wanted(@Observes(during = TransactionPhase.AFTER_SUCCESS) RunWanted w) {
        switch (w.seen()) {
            case PENDING, SUSPENDED -> executor.execute(() -> send(w.runId()));
            case WAITING -> executor.execute(() -> {
                if (rows.statusOf(w.runId()).filter(RunStatus.SUSPENDED.name()::equals).isPresent()) {
                    send(w.runId());
                }
            });
            default -> {
                // BOOTING and STREAMING runs read .in from their cursor before they wait
            }
        }
    }

    public void send(String runId) {
        try (JMSContext ctx = connectionFactory.createContext()) {
            ctx.createProducer().send(queue, runId);
        }
    }
}
