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

import java.util.concurrent.RejectedExecutionException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Starts runs once the transaction that wanted them has committed. A new run (PENDING: the first turn of a chat, a
 * continuation, a recovery) is handed straight to this node's engine: the node that accepted the message starts it,
 * without a round trip through the queue. Should that fail, or the node die before it, the run stays PENDING and goes
 * on the queue (at once, or from the reaper after its grace period), so no run depends on the direct hand-off. A run
 * seen SUSPENDED is sent to the run queue (ids only), which keeps the wake-up across a crash; a run seen WAITING is
 * re-read after the commit, because it may have suspended in the meantime without seeing the new record (the run
 * re-checks {@code .in} after suspending, so one side always sees it). Duplicates are harmless: taking a run is a
 * compare-and-set.
 */
@ApplicationScoped
public class RunDispatch {

    private static final Logger LOG = Logger.getLogger(RunDispatch.class.getName());

    @Resource(lookup = "jms/parleyConnectionFactory")
    ConnectionFactory connectionFactory;

    @Resource(lookup = "jms/parley/runs")
    Queue queue;

    @Resource(lookup = "concurrent/parley/io")
    ManagedExecutorService executor;

    /** Where a new run is taken and booted: the turns' executor, not behind the SSE deliveries on the I/O one. */
    @Resource(lookup = "concurrent/parley/runs")
    ManagedExecutorService runs;

    @Inject
    RunRows rows;

    @Inject
    RunEngine engine;

    void wanted(@Observes(during = TransactionPhase.AFTER_SUCCESS) RunWanted w) {
        switch (w.seen()) {
            case PENDING -> {
                try {
                    runs.execute(() -> handOff(w.runId()));
                } catch (RejectedExecutionException saturated) {
                    executor.execute(() -> send(w.runId()));
                }
            }
            case SUSPENDED -> executor.execute(() -> send(w.runId()));
            case WAITING -> {
                // a run waiting in this node's memory hears of the record from the hub: nothing to read or send
                if (!engine.runsHere(w.runId())) {
                    executor.execute(() -> {
                        if (rows.statusOf(w.runId()).filter(RunStatus.SUSPENDED.name()::equals).isPresent()) {
                            send(w.runId());
                        }
                    });
                }
            }
            default -> {
                // BOOTING and STREAMING runs read .in from their cursor before they wait
            }
        }
    }

    private void handOff(String runId) {
        try {
            engine.take(runId);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "starting run " + runId + " here failed; it goes on the run queue", e);
            send(runId);
        }
    }

    public void send(String runId) {
        try (JMSContext ctx = connectionFactory.createContext()) {
            ctx.createProducer().send(queue, runId);
        }
    }
}
