package dev.parley.runs.boundary;

import dev.parley.runs.control.RunDispatch;
import dev.parley.runs.control.RunHandoff;
import dev.parley.runs.control.RunRows;
import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;

import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Crash recovery and housekeeping on a persistent timer: runs whose lease expired are marked CRASHED and a recovery
 * run is started; suspended runs past their deadline end; PENDING runs whose queue message was lost are sent again.
 * Every change is a compare-and-set, so several nodes reaping at once do no harm.
 */
@Singleton
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class RunReaper {

    private static final Logger LOG = Logger.getLogger(RunReaper.class.getName());
    private static final int PENDING_GRACE_SECONDS = 30;

    @Inject
    RunRows rows;

    @Inject
    RunHandoff handoff;

    @Inject
    RunDispatch dispatch;

    @Schedule(second = "*/10", minute = "*", hour = "*", persistent = true, info = "parley run reaper")
    void reap() {
        for (String[] run : rows.overdue(PENDING_GRACE_SECONDS, 200)) {
            try {
                reap(run[0], run[1]);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "reaping run " + run[0] + " failed; next pass retries", e);
            }
        }
    }

    private void reap(String runId, String status) {
        switch (status) {
            case "PENDING" -> dispatch.send(runId);
            case "SUSPENDED" -> rows.endIfSuspendedTooLong(runId);
            default -> {
                if (rows.crashIfExpired(runId)) {
                    LOG.info("run " + runId + " lost its lease while " + status + "; starting a recovery run");
                    handoff.recover(runId);
                }
            }
        }
    }
}
