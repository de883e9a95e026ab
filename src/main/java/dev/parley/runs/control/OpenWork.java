package dev.parley.runs.control;

import dev.parley.agent.AbortSignal;
import dev.parley.agent.Steering;
import dev.parley.agent.message.Role;
import dev.parley.streams.entity.StreamRecord;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The turn or action a run has open, as the records that arrive meanwhile see it: a stop is applied to it and to
 * nothing later (a stop with nothing open is consumed, never kept for the next turn); a steering agent's turn
 * ({@code @ChatAgent(steering = true)}) takes the user messages that arrive while it streams; the {@code .in} seqs a
 * turn answered by injecting them are consumed without turns of their own.
 */
final class OpenWork {

    private volatile AbortSignal stop;
    private volatile Steering steering;
    private final Set<Long> steered = ConcurrentHashMap.newKeySet();

    /** A turn or action opened; a stop arriving from now on is applied to it. */
    void opened(AbortSignal signal) {
        stop = signal;
    }

    /** The open turn takes steering messages. */
    void steerWith(Steering queue) {
        steering = queue;
    }

    /** The turn closed: a stop arriving now is consumed; {@code injected} seqs were answered by it. */
    void closed(List<Long> injected) {
        stop = null;
        steering = null;
        steered.addAll(injected);
    }

    /** Stops the open turn, if any. */
    void stop() {
        AbortSignal s = stop;
        if (s != null) {
            s.abort("stop");
        }
    }

    /** An {@code .in} record arrived: a stop stops the open turn, a user message goes to its steering queue. */
    void arrived(StreamRecord r, long inCursor) {
        if (stop == null) {
            return;
        }
        InputRecord in = InputRecord.of(r);
        Steering s = steering;
        if (in.isStop()) {
            stop();
        } else if (s != null && "submit-message".equals(in.trigger()) && in.message() != null
                && in.message().role() == Role.USER && r.seq() > inCursor) {
            s.offer(r.seq(), in.message());
        }
    }

    /** Whether the record at {@code seq} was answered by injection into a turn (then it is forgotten here). */
    boolean answeredByInjection(long seq) {
        return steered.remove(seq);
    }
}
