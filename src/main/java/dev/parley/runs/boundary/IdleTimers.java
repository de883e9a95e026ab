package dev.parley.runs.boundary;

import dev.parley.runs.control.RunEngine;
import jakarta.annotation.Resource;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.Singleton;
import jakarta.ejb.Timeout;
import jakarta.ejb.Timer;
import jakarta.ejb.TimerConfig;
import jakarta.ejb.TimerService;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;

/**
 * Idle timeouts of WAITING runs, as non-persistent single-action EJB timers: a run that waits past its idle timeout
 * suspends. Timers are never cancelled; each carries the run's idle generation and a stale one is ignored.
 * A timer lost with its node does not matter: the run was lost too, and the reaper recovers it.
 */
@Singleton
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class IdleTimers {

    @Resource
    TimerService timers;

    @Inject
    RunEngine engine;

    public void arm(String runId, int generation, int seconds) {
        timers.createSingleActionTimer(seconds * 1_000L, new TimerConfig(runId + " " + generation, false));
    }

    @Timeout
    void expired(Timer timer) {
        String[] info = ((String) timer.getInfo()).split(" ");
        engine.idleExpired(info[0], Integer.parseInt(info[1]));
    }
}
