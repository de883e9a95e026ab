package dev.parley.runs.control;

import dev.parley.agent.message.Role;
import dev.parley.agent.message.ToolState;
import dev.parley.agent.message.UIMessage;
import dev.parley.agent.message.UIMessageChunk;
import dev.parley.agent.message.UIPart;
import dev.parley.chat.control.ChunkCodec;
import dev.parley.chat.control.MessageAccumulator;
import dev.parley.platform.Bodies;
import dev.parley.streams.control.RecordReader;
import dev.parley.streams.entity.Io;
import dev.parley.streams.entity.StreamRecord;
import jakarta.json.JsonObject;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The assistant message a crashed run was writing: its chunks on {@code .out} after the last turn-complete, folded as
 * a client folds them. Invariant (docs/runs.md, "What a reader sees after a crash"): the recovery continues this
 * message under its own id, so a reader that already holds the partial text and one that reads the whole turn again
 * both end with one message, partial text first, nothing twice. A {@code start} repeating the message id continues
 * the message (the AI SDK's reducers do the same), so a recovery that crashed in turn is continued again.
 */
final class PartialAnswer {

    static final String INTERRUPTED = "The call was interrupted: the server stopped before it finished.";

    private final List<UIMessageChunk> chunks;

    private PartialAnswer(List<UIMessageChunk> chunks) {
        this.chunks = List.copyOf(chunks);
    }

    /** Null if the crashed turn had not started a message. */
    static PartialAnswer read(RecordReader reader, String sessionId, Long turnComplete) {
        List<UIMessageChunk> chunks = new ArrayList<>();
        long from = turnComplete == null ? 0 : turnComplete + 1;
        for (StreamRecord r : reader.range(sessionId, Io.OUT, from, Long.MAX_VALUE, 10_000)) {
            if (r.command() || r.controlSubtype() != null || r.body() == null) {
                continue;
            }
            try {
                if (Bodies.parse(r.body()).asJsonObject().get("data") instanceof JsonObject o) {
                    chunks.add(ChunkCodec.fromJson(o));
                }
            } catch (RuntimeException unreadable) {
                // a chunk this build cannot read does not stop the recovery
            }
        }
        return of(chunks);
    }

    /** Null if no chunk starts a message. */
    static PartialAnswer of(List<UIMessageChunk> chunks) {
        int first = 0;
        while (first < chunks.size() && !(chunks.get(first) instanceof UIMessageChunk.Start)) {
            first++;
        }
        return first == chunks.size() ? null : new PartialAnswer(chunks.subList(first, chunks.size()));
    }

    /** The message as the crashed turn left it (what {@code onRecoveryBoot} is shown). */
    UIMessage message() {
        return new Fold(null).message();
    }

    /**
     * The recovery's first turn continues the partial message: {@code history} gets it as its last message (in place
     * of the message it continued, when the crashed turn itself continued one), closed; the turn's draft starts from
     * the partial as the client holds it, and the turn's first chunks close what the crash left open.
     */
    Continuation continueIn(List<UIMessage> history) {
        UIMessage last = history.isEmpty() ? null : history.getLast();
        Fold draft = new Fold(last);
        List<UIMessageChunk> closing = draft.closing();
        Fold closed = new Fold(last);
        closing.forEach(closed::accept);
        List<UIMessage> continued = new ArrayList<>(history);
        if (last != null && last.role() == Role.ASSISTANT && last.id().equals(closed.message().id())) {
            continued.set(continued.size() - 1, closed.message());
        } else {
            continued.add(closed.message());
        }
        return new Continuation(continued, draft.acc, closing);
    }

    /**
     * @param history the conversation the recovery's first turn answers, ending with the partial message
     * @param draft   the partial message as a client assembled it (open parts still open)
     * @param closing the chunks the turn sends right after its {@code start}, before the model's continuation
     */
    record Continuation(List<UIMessage> history, MessageAccumulator draft, List<UIMessageChunk> closing) {

        OpenTurn open(String where, ChunkWriter writer) {
            return new OpenTurn(where, history.getLast().id(), draft, closing, writer);
        }
    }

    /** The chunks folded onto {@code base} (when the crashed turn continued it), with the parts they left open. */
    private final class Fold {
        private final UIMessage base;
        private MessageAccumulator acc;
        private final Set<String> openText = new LinkedHashSet<>();
        private final Set<String> openReasoning = new LinkedHashSet<>();
        /** Calls the crashed turn made: calls of earlier turns in a continued message are not its to fail. */
        private final Set<String> calls = new LinkedHashSet<>();
        private boolean stepOpen;

        Fold(UIMessage base) {
            this.base = base;
            chunks.forEach(this::accept);
        }

        void accept(UIMessageChunk c) {
            if (c instanceof UIMessageChunk.Start s && (acc == null || s.messageId() != null
                    && !s.messageId().equals(acc.message().id()))) {
                boolean continues = base != null && base.role() == Role.ASSISTANT && base.id().equals(s.messageId());
                acc = continues ? new MessageAccumulator(base) : new MessageAccumulator();
                openText.clear();
                openReasoning.clear();
                calls.clear();
                stepOpen = false;
            }
            try {
                acc.accept(c);
            } catch (RuntimeException rejected) {
                return; // the client's reducer drops it too
            }
            switch (c) {
                case UIMessageChunk.TextStart t -> openText.add(t.id());
                case UIMessageChunk.TextEnd t -> openText.remove(t.id());
                case UIMessageChunk.ReasoningStart t -> openReasoning.add(t.id());
                case UIMessageChunk.ReasoningEnd t -> openReasoning.remove(t.id());
                case UIMessageChunk.ToolInputStart t -> calls.add(t.toolCallId());
                case UIMessageChunk.ToolInputAvailable t -> calls.add(t.toolCallId());
                case UIMessageChunk.StartStep t -> stepOpen = true;
                case UIMessageChunk.FinishStep t -> {
                    stepOpen = false;
                    openText.clear();
                    openReasoning.clear();
                }
                default -> {
                }
            }
        }

        UIMessage message() {
            return acc.message();
        }

        /** Ends the text and reasoning the crash cut off, fails the tool calls it interrupted, closes the step. */
        List<UIMessageChunk> closing() {
            List<UIMessageChunk> out = new ArrayList<>();
            openText.forEach(id -> out.add(new UIMessageChunk.TextEnd(id, null)));
            openReasoning.forEach(id -> out.add(new UIMessageChunk.ReasoningEnd(id, null)));
            for (UIPart p : acc.message().parts()) {
                if (!(p instanceof UIPart.Tool t) || !calls.contains(t.toolCallId())) {
                    continue;
                }
                if (t.state() == ToolState.INPUT_STREAMING) {
                    out.add(new UIMessageChunk.ToolInputError(t.toolCallId(), t.toolName(), t.input(), INTERRUPTED));
                } else if (t.state() == ToolState.INPUT_AVAILABLE) {
                    out.add(new UIMessageChunk.ToolOutputError(t.toolCallId(), INTERRUPTED));
                }
            }
            if (stepOpen) {
                out.add(new UIMessageChunk.FinishStep());
            }
            return out;
        }
    }
}
