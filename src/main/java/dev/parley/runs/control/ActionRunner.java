package dev.parley.runs.control;

import dev.parley.agent.AbortSignal;
import dev.parley.agent.ChatStore;
import dev.parley.agent.Lifecycle;
import dev.parley.agent.RejectedMessageException;
import dev.parley.agent.Turn;
import dev.parley.agent.message.FinishReason;
import dev.parley.agent.message.UIMessageChunk;
import dev.parley.agents.control.AgentDescriptor;
import dev.parley.chat.control.ChunkCodec;
import dev.parley.chat.control.MessageAccumulator;
import dev.parley.platform.Ids;
import dev.parley.runs.entity.RunRow;

import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * One action of a {@link LiveRun} (a {@code trigger: "action"} record), on its drain thread: the agent's
 * {@code ACTION} hook with a {@link Turn} of its own, its response streamed as one assistant message only if it writes
 * one, and a turn-complete that counts no turn. Like a turn, an action always ends with its turn-complete.
 */
final class ActionRunner {

    private final LiveRun r;
    private final RunRow row;
    private final AgentDescriptor agent;
    private final RunMemory memory;
    private final RunPorts ports;
    private final TurnRunner turns;

    ActionRunner(LiveRun run, RunRow row, AgentDescriptor agent, RunMemory memory, RunPorts ports, TurnRunner turns) {
        this.r = run;
        this.row = row;
        this.agent = agent;
        this.memory = memory;
        this.ports = ports;
        this.turns = turns;
    }

    void run(InputRecord in, long inSeq) {
        long startedNanos = ports.nanoTime().getAsLong();
        r.leaveWaiting();
        AbortSignal stop = new AbortSignal();
        r.turnOpened(stop);
        String messageId = "msg_" + Ids.random(20);
        ChunkWriter writer = new ChunkWriter((batch, first) -> turns.fencedOut(batch));
        AtomicReference<MessageAccumulator> response = new AtomicReference<>();
        String where = "action of " + row.friendlyId();
        // the runtime's own chunks; what the agent writes goes through sink, which keeps its error texts in the log
        Consumer<UIMessageChunk> raw = c -> {
            if (response.get() == null) {
                response.set(new MessageAccumulator());
                UIMessageChunk start = new UIMessageChunk.Start(messageId, null);
                response.get().accept(start);
                writer.write(ChunkCodec.toJsonText(start));
            }
            response.get().accept(c);
            writer.write(ChunkCodec.toJsonText(c));
        };
        Consumer<UIMessageChunk> sink = chunk -> raw.accept(chunk instanceof UIMessageChunk.Error e
                ? new UIMessageChunk.Error(TurnError.ofText(where, e.errorText()).clientText()) : chunk);
        Turn turn = new Turn(r.agentId(), r.chatId(), row.friendlyId(), memory.turns(), messageId, memory.history(), in.metadata(), memory.state(), sink, stop);
        AtomicBoolean acting = new AtomicBoolean(true);
        turn.store(new ChatStore(new TurnStore(ports.store(), sink, acting::get)));
        turn.injectInto(memory.injected());
        turn.deferOn(ports.executor());
        TurnError error = null;
        try {
            r.requireAgent();
            try {
                ports.payloads().check("client data", in.metadata(), agent.config().clientData());
                ports.payloads().check("action", in.action(), agent.config().actions());
            } catch (IllegalArgumentException rejected) {
                error = TurnError.ofInput(rejected.getMessage());
            }
            if (error == null) {
                r.reach(new Lifecycle.Action(r.agentId(), r.chatId(), row.friendlyId(), in.action(), in.metadata(), turn));
            }
        } catch (TurnRecords.LostRunException lost) {
            throw lost;
        } catch (Exception | Error ex) {
            Throwable t = ex;
            while (t != null && !(t instanceof RejectedMessageException)) {
                t = t.getCause();
            }
            // a refusal is written for the user by the agent; anything else shows only an error id
            error = t != null ? TurnError.ofInput(t.getMessage()) : TurnError.of(where, ex);
        }
        TurnRunner.settleDeferred(turn, where); // an action's deferred work ends before its response does
        acting.set(false);
        try {
            if (error != null) {
                raw.accept(new UIMessageChunk.Error(error.clientText())); // an input error's text reaches the user as is
            }
            if (response.get() != null) {
                writer.write(ChunkCodec.toJsonText(new UIMessageChunk.Finish(FinishReason.STOP)));
            }
        } catch (RuntimeException writeFailed) {
            // reported by settle() below
        }
        RuntimeException failed = writer.settle();
        if (failed instanceof TurnRecords.LostRunException lost) {
            throw lost;
        } else if (failed != null) {
            TurnError.of(where + " (writing its response)", failed);
        }
        r.turnClosed(List.of());
        turns.complete(inSeq, false, false, startedNanos, null, List.of(), turn.takeCompacted());
    }
}
