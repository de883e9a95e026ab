package dev.parley.runs.control;

import dev.parley.agent.message.FinishReason;
import dev.parley.agent.message.UIMessageChunk;
import dev.parley.agent.model.Usage;
import dev.parley.chat.control.ChunkCodec;
import dev.parley.platform.Ids;
import dev.parley.runs.entity.RunRow;
import dev.parley.streams.entity.NewRecord;
import dev.parley.streams.entity.StreamRecord;

import java.util.ArrayList;
import java.util.List;

/**
 * A run that fails still answers what it was sent: one turn made of an error alone, closed by its turn-complete,
 * answers every message no turn will, so no client waits for an answer that will not come.
 */
final class ErrorTurns {

    private final RunRow row;
    private final RunPayload payload;
    private final RunMemory memory;
    private final RunPorts ports;
    private final TurnRunner turns;

    ErrorTurns(RunRow row, RunPayload payload, RunMemory memory, RunPorts ports, TurnRunner turns) {
        this.row = row;
        this.payload = payload;
        this.memory = memory;
        this.ports = ports;
        this.turns = turns;
    }

    /** The messages after the cursor that no turn will answer now (the run is failing): one error turn answers them. */
    void answerPending(TurnError error) {
        long last = -1;
        for (StreamRecord rec : ports.log().input(memory.inCursor(), 100)) {
            InputRecord in = InputRecord.of(rec);
            if ("message".equals(in.kind()) && !"close".equals(in.trigger())) {
                last = rec.seq();
            }
        }
        if (last >= 0) {
            errorTurn(last, error);
        } else if (memory.turns() == 0 && memory.turnComplete() == null && !row.continuation()
                && "submit-message".equals(payload.trigger())) {
            errorTurn(memory.inCursor(), error); // the first message came with the run's payload
        }
    }

    /** A turn of error only, written directly: answers every message up to {@code inSeq} that will get no other. */
    private void errorTurn(long inSeq, TurnError error) {
        List<NewRecord> closing = new ArrayList<>();
        for (UIMessageChunk c : List.of(new UIMessageChunk.Start("msg_" + Ids.random(20), null),
                new UIMessageChunk.Error(error.clientText()), new UIMessageChunk.Finish(FinishReason.ERROR))) {
            closing.add(NewRecord.data(ChunkCodec.toJsonText(c), Ids.recordId()));
        }
        turns.complete(inSeq, true, true, ports.nanoTime().getAsLong(), Usage.ZERO, closing, null);
    }
}
