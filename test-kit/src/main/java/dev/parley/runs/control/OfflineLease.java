package dev.parley.runs.control;

import dev.parley.sessions.entity.RunStatus;

/**
 * The offline session's run row as its run's lease sees it: the compare-and-set moves of the database's
 * {@code session_run} row (a run that no longer holds the row changes nothing), under the session's lock.
 */
final class OfflineLease implements RunPorts.Lease {

    private final OfflineSession session;
    private final OfflineSession.Row row;

    OfflineLease(OfflineSession session, OfflineSession.Row row) {
        this.session = session;
        this.row = row;
    }

    @Override
    public String node() {
        return "offline";
    }

    @Override
    public String appVersion() {
        return session.appVersion();
    }

    @Override
    public boolean status(RunStatus status) {
        synchronized (session) {
            if (!row.executing()) {
                return false;
            }
            row.status = status;
            return true;
        }
    }

    @Override
    public boolean consumed(long inCursor, String state) {
        synchronized (session) {
            if (!row.executing()) {
                return false;
            }
            row.inCursor = Math.max(row.inCursor, inCursor);
            row.state = state;
            return true;
        }
    }

    @Override
    public boolean suspend(String state, long deadlineSeconds) {
        synchronized (session) {
            if (!row.executing() || row.status != RunStatus.WAITING) {
                return false;
            }
            row.status = RunStatus.SUSPENDED;
            row.held = false;
            row.state = state;
            return true;
        }
    }

    @Override
    public boolean end(RunStatus status, String reason) {
        synchronized (session) {
            if (!row.executing()) {
                return false;
            }
            row.status = status;
            row.endReason = reason;
            row.held = false;
            return true;
        }
    }

    @Override
    public int crashesInARow() {
        return 0;
    }

    @Override
    public void released(LiveRun run) {
        session.released(row);
    }
}
