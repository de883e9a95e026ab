package dev.parley.runs.boundary;

import dev.parley.runs.control.NodeIdentity;
import dev.parley.runs.control.RunDispatch;
import dev.parley.runs.control.RunHandoff;
import dev.parley.runs.control.RunPeriods;
import dev.parley.runs.control.RunRows;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.inject.Inject;

import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Crash recovery and housekeeping, on every node every {@code PARLEY_RUNS_REAPER_SECONDS}: runs whose lease expired
 * are marked CRASHED and a recovery run is started; suspended runs past their deadline end; PENDING runs, and
 * suspended runs with input, whose queue message was lost are sent again ({@code PARLEY_RUNS_REDISPATCH_SECONDS}). At
 * start, first, the runs this node held before it restarted are recovered at once.
 * Every change is a compare-and-set, so all nodes reaping at once do no harm — and a dead node's runs never wait for
 * a timer to fail over.
 */
@Singleton
@Startup
@DependsOn("DatabaseMigrations")
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class RunReaper {

    private static final Logger LOG = Logger.getLogger(RunReaper.class.getName());

    @Inject
    RunRows rows;

    @Inject
    RunHandoff handoff;

    @Inject
    RunDispatch dispatch;

    @Inject
    RunPeriods periods;

    @Inject
    NodeIdentity identity;

    @Resource(lookup = "concurrent/parley/timer")
    ManagedScheduledExecutorService scheduler;

    private ScheduledFuture<?> passes;

    @PostConstruct
    void start() {
        scheduler.execute(this::recoverEarlierIncarnations);
        int every = periods.reaperSeconds();
        passes = scheduler.scheduleWithFixedDelay(this::reap, every, every, TimeUnit.SECONDS);
    }

    @PreDestroy
    void stop() {
        if (passes != null) {
            passes.cancel(false);
        }
    }

    private void recoverEarlierIncarnations() {
        try {
            for (String runId : rows.crashEarlierIncarnations(identity.ownerPrefix(), identity.owner())) {
                LOG.info("run " + runId + " was executing here when this node stopped; starting a recovery run");
                handoff.recover(runId);
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "recovering this node's runs at start failed; their leases expire and the reaper recovers them", e);
        }
    }

    void reap() {
        try {
            for (String[] run : rows.overdue(periods.redispatchSeconds(), 200)) {
                try {
                    reap(run[0], run[1]);
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, "reaping run " + run[0] + " failed; next pass retries", e);
                }
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "a reaper pass failed; next pass retries", e);
        }
    }

    private void reap(String runId, String status) {
        switch (status) {
            case "PENDING" -> dispatch.send(runId);
            case "WAKE" -> {
                LOG.info("suspended run " + runId + " has input nobody woke it for; sending it to the run queue again");
                dispatch.send(runId);
            }
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
