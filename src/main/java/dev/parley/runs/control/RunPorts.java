package dev.parley.runs.control;

import dev.parley.agent.ChatStore;
import dev.parley.agent.Lifecycle;
import dev.parley.agent.SubAgent;
import dev.parley.agents.control.AgentDescriptor;
import dev.parley.sessions.entity.RunStatus;
import dev.parley.streams.control.TailHub;
import dev.parley.streams.entity.NewRecord;
import dev.parley.streams.entity.StreamRecord;
import jakarta.json.JsonValue;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Callable;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;
import java.util.function.LongFunction;
import java.util.function.LongSupplier;

/**
 * Everything the turn loop ({@link LiveRun}, {@link TurnRunner}) needs from outside itself, bound to one run and
 * this node and handed over at construction, so the loop reaches into no other object's fields. The engine supplies
 * the production collaborators ({@link StoredRun}: the run row under this node's lease, the session's streams, the
 * snapshot table); an in-memory set drives the very same loop without a server or a database (the offline test
 * kit, the loop's own unit tests). Not part of the agent API: it changes with the loop.
 */
record RunPorts(Lease lease, Log log, Timers timers, Executor executor, Handoff handoff, Phases phases,
                Payloads payloads, LongFunction<SubAgent> subAgents, ChatStore.Backend store, Periods periods,
                LongSupplier nanoTime) {

    /** The run row, written only while this node holds the run's lease: each write returns false once it lost it. */
    interface Lease {
        /** The node holding the lease, as recorded on the turn-complete. */
        String node();

        /** The application version this node runs ({@link AppVersion}). */
        String appVersion();

        /** BOOTING, STREAMING or WAITING. */
        boolean status(RunStatus status);

        /** A record that is not a turn moved the cursor. */
        boolean consumed(long inCursor, String state);

        /** WAITING → SUSPENDED: the lease is released and the state kept. */
        boolean suspend(String state, long deadlineSeconds);

        /** A terminal status (COMPLETED, FAILED, TIMED_OUT). */
        boolean end(RunStatus status, String reason);

        /** How many runs of the session crashed in a row before this one (a recovery's poison-input check). */
        int crashesInARow();

        /** The run no longer lives on this node (ended, suspended or abandoned). */
        void released(LiveRun run);
    }

    /** The session's records: {@code .in} read after the cursor, {@code .out} written by turns, and the snapshot. */
    interface Log {
        List<StreamRecord> input(long afterSeq, int limit);

        /** The seq of the last {@code .in} record (0 if none). */
        long lastInputSeq();

        /** Records of the session reach {@code listener} as they commit (both streams), until {@link #unlisten}. */
        void listen(TailHub.Listener listener);

        void unlisten(TailHub.Listener listener);

        /** The turn's first chunks, committed with the run's move to STREAMING; throws LostRunException if lost. */
        List<StreamRecord> startTurn(List<NewRecord> firstChunks);

        /**
         * Further chunks of a turn or action, written only while the run holds its lease (else the stage fails with
         * {@link TurnRecords.LostRunException}). The stage completes once they are committed; the caller does not wait.
         */
        CompletionStage<List<StreamRecord>> appendWhileHeld(List<NewRecord> chunks);

        /** The turn-complete, cursor, snapshot and session usage in one transaction: the seq and the usage after it. */
        TurnRecords.Completed complete(TurnRecords.Completion completion);

        /** A compaction after the turn-complete: the snapshot and the session's record of it; throws LostRunException if lost. */
        void compacted(TurnRecords.Compacted compacted);

        Optional<Snapshots.Snapshot> snapshot();

        /** The assistant message a crashed run was writing after {@code turnComplete}, or null. */
        PartialAnswer partialAnswer(Long turnComplete);
    }

    /** Time-based wake-ups: the idle timeout of a WAITING run, retries, and turn deadlines. */
    interface Timers {
        /** Calls {@code expired} with {@code generation} after {@code seconds}; a stale generation is ignored by the run. */
        void armIdle(int generation, int seconds, Consumer<Integer> expired);

        ScheduledExecutorService scheduler();
    }

    /** Moving the session on to another run. */
    interface Handoff {
        /** After the run ended on its own: input that arrived meanwhile gets a continuation run. */
        void continueIfPending(long inCursor);

        /** end-and-continue requested by the agent at a turn boundary. */
        void upgrade();

        /** A record committed while the run suspended: have the run taken again. */
        void redispatch();
    }

    /** The loop's phase boundaries, where the agent's hooks for a {@link Lifecycle} moment run. */
    interface Phases {
        void reach(Lifecycle moment, AgentDescriptor agent);

        <T> T enter(Lifecycle moment, AgentDescriptor agent, Callable<T> work) throws Exception;
    }

    /** Reads client data and action payloads into the agent's declared types; throws IllegalArgumentException. */
    interface Payloads {
        void check(String what, JsonValue payload, Class<?> type);
    }

    /** The periods of {@link RunPeriods} the loop uses. */
    record Periods(int maxAttempts, long turnGraceMs, long leaseMs) {
    }
}
