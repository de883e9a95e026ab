package dev.parley.runs.control;

import dev.parley.chat.control.ChunkCodec;
import dev.parley.chat.control.MessageAccumulator;
import dev.parley.agent.message.FinishReason;
import dev.parley.agent.message.UIMessage;
import dev.parley.agent.message.UIMessageChunk;
import dev.parley.platform.Ids;
import dev.parley.streams.entity.NewRecord;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One turn's output while it is open. Invariants (wire rules W19, W21): every chunk passes the accumulator (the client's
 * reducer rules) before it is written; the turn is closed exactly once — by its own thread when the agent returns or
 * throws, or by its deadline when the agent does not stop — and its closing chunks ({@code error}, {@code finish} or
 * {@code abort}, and {@code start} if none was committed) are not sent through the group commit but committed with
 * the turn-complete in one transaction, so neither a failed chunk write nor a saturated executor leaves a turn without
 * its end. Chunks the agent writes after the close are refused. Error chunks are shown to the client by error id only.
 */
final class OpenTurn {

    private static final Logger LOG = Logger.getLogger(OpenTurn.class.getName());

    private final String where;
    private final String messageId;
    private final ChunkWriter writer;
    private final MessageAccumulator draft;
    /** Sent right after {@code start}: what a recovery closes of the message the crash cut off. */
    private final List<UIMessageChunk> resume;
    private boolean closed;

    OpenTurn(String where, String messageId, UIMessage continued, ChunkWriter writer) {
        this(where, messageId, new MessageAccumulator(continued), List.of(), writer);
    }

    OpenTurn(String where, String messageId, MessageAccumulator draft, List<UIMessageChunk> resume, ChunkWriter writer) {
        this.where = where;
        this.messageId = messageId;
        this.writer = writer;
        this.draft = draft;
        this.resume = List.copyOf(resume);
    }

    /** The turn's sink: throws on a chunk the client's reducer would reject, before it is written. */
    synchronized void emit(UIMessageChunk chunk) {
        if (closed) {
            throw new IllegalStateException("the turn has ended; its late chunks are dropped");
        }
        UIMessageChunk c = chunk instanceof UIMessageChunk.Error e
                ? new UIMessageChunk.Error(TurnError.ofText(where, e.errorText()).clientText()) : chunk;
        draft.accept(c);
        writer.write(ChunkCodec.toJsonText(c));
    }

    void start() {
        emit(new UIMessageChunk.Start(messageId, null));
        resume.forEach(this::emit);
    }

    synchronized boolean closed() {
        return closed;
    }

    /** Whether the turn still takes the agent's output (its store writes included). */
    synchronized boolean accepting() {
        return !closed;
    }

    /**
     * Closes the turn: waits for the chunks written so far and returns the closing records, to be committed with the
     * turn-complete; null if the turn was already closed. A lost lease is thrown (nothing more may be written).
     */
    List<NewRecord> close(TurnError error, boolean stopped, FinishReason reason) {
        synchronized (this) {
            if (closed) {
                return null;
            }
            closed = true;
        }
        RuntimeException failed = writer.settle();
        if (failed instanceof TurnRecords.LostRunException lost) {
            throw lost;
        }
        if (failed != null) {
            LOG.log(Level.WARNING, where + ": chunks of the turn could not be written; closing it with an error", failed);
            error = error != null ? error : TurnError.of(where + " (writing its chunks)", failed);
        }
        List<UIMessageChunk> closing = new ArrayList<>();
        if (!writer.committedAny()) {
            closing.add(new UIMessageChunk.Start(messageId, null));
            closing.addAll(resume);
        }
        if (error != null) {
            closing.add(new UIMessageChunk.Error(error.clientText()));
        }
        closing.add(stopped && error == null ? new UIMessageChunk.Abort(null)
                : new UIMessageChunk.Finish(error != null ? FinishReason.ERROR : reason));
        List<NewRecord> records = new ArrayList<>();
        synchronized (this) {
            for (UIMessageChunk c : closing) {
                try {
                    draft.accept(c);
                } catch (RuntimeException rejected) {
                    // the draft already had this (a start): the client gets it anyway, after a lost batch
                }
                records.add(NewRecord.data(ChunkCodec.toJsonText(c), Ids.recordId()));
            }
        }
        return records;
    }

    /** The assistant message as the client assembled it. */
    synchronized UIMessage message() {
        return draft.message();
    }
}
