package dev.parley.models.control;

import dev.parley.agent.Compaction;
import dev.parley.agent.LanguageModel;
import dev.parley.agent.StreamRequest;
import dev.parley.agent.StreamResult;
import dev.parley.agent.message.FinishReason;
import dev.parley.agent.message.Role;
import dev.parley.agent.message.UIMessage;
import dev.parley.agent.message.UIMessageChunk;
import dev.parley.agent.model.ModelException;
import dev.parley.agent.model.ModelMessage;
import dev.parley.agent.model.ModelRequest;
import dev.parley.agent.model.Usage;
import dev.parley.telemetry.control.Telemetry;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The multi-step tool loop ({@code streamText} of the AI SDK) for one turn. Invariants it protects (wire rule
 * W19): the stream opens with {@code start} (carrying the message id the client echoes back for approvals), every
 * model call is bracketed by {@code start-step}/{@code finish-step}, every opened text or reasoning part is closed,
 * and the stream ends with exactly one of {@code finish} (with a finishReason ai@6 accepts), or {@code error} then
 * {@code finish}, or {@code abort}. Chunks reach the sink as they are made, so the turn can persist them at once.
 * The turn stops when the model answers without tool calls, when a call waits for an approval or a client-side
 * result ({@code tool-calls}), or at the step limit; a later turn whose history holds the decision continues it.
 * Provider failures ({@link ModelException}) end the stream properly; any other exception is a defect and
 * propagates to the turn loop, which reports it with its own {@code error} chunk.
 */
public final class ToolLoop {

    private final LanguageModel model;

    public ToolLoop(LanguageModel model) {
        this.model = model;
    }

    public StreamResult run(StreamRequest request, Consumer<UIMessageChunk> sink) {
        List<UIMessage> history = request.messages();
        UIMessage last = history.isEmpty() ? null : history.getLast();
        UIMessage continued = last != null && last.role() == Role.ASSISTANT ? last : null;
        List<UIMessage> before = continued == null ? history : history.subList(0, history.size() - 1);
        Run run = new Run(request, new ChunkEmitter(sink, continued),
                ModelMessages.from(before, request.tools()));
        return run.run(continued == null ? request.messageId() : continued.id());
    }

    /** The state of one turn. */
    private final class Run {
        private final StreamRequest request;
        private final ChunkEmitter out;
        private final ToolRunner tools;
        private List<ModelMessage> history;
        private ModelStep step;
        private boolean stepOpen;
        private int steps;
        private Usage usage = Usage.ZERO;
        private long lastCallTokens;
        private FinishReason reason = FinishReason.STOP;
        /** Why the history starts from a summary (what prepareMessages is told), or null. */
        private Compaction.Reason compacted;

        Run(StreamRequest request, ChunkEmitter out, List<ModelMessage> history) {
            this.request = request;
            this.compacted = Compaction.reasonOf(request.messages());
            this.out = out;
            this.history = history;
            this.tools = new ToolRunner(request.tools(), out, request.abort());
        }

        StreamResult run(String messageId) {
            if (request.sendStart()) {
                out.emit(new UIMessageChunk.Start(messageId, request.messageMetadata()));
            }
            try {
                tools.settleApprovals(out.message(), messages());
                if (ModelMessages.awaitsToolResults(out.message())) {
                    return finish(FinishReason.TOOL_CALLS);
                }
                for (int i = 0; i < request.maxSteps(); i++) {
                    if (request.abort().aborted() || !step(i)) {
                        break;
                    }
                }
                return request.abort().aborted() ? aborted() : finish(reason);
            } catch (ModelException e) {
                return request.abort().aborted() ? aborted() : failed(e);
            }
        }

        /** One model call and its tool calls; true when the model should be called again. */
        private boolean step(int index) {
            List<ModelMessage> messages = prepare(index);
            if (request.abort().aborted()) {
                return false;
            }
            step = new ModelStep(out, request.tools());
            out.emit(new UIMessageChunk.StartStep());
            stepOpen = true;
            try (Telemetry.Call call = Telemetry.modelCall(model.name())) {
                try {
                    model.stream(new ModelRequest(request.system(), messages, request.tools().specs(), request.options()),
                            request.abort(), step);
                } catch (RuntimeException e) {
                    call.failed(e);
                    throw e;
                }
                call.usage(step.usage());
            }
            if (request.abort().aborted()) {
                return false;
            }
            step.complete();
            usage = usage.plus(step.usage());
            lastCallTokens = step.usage().totalTokens();
            reason = step.finishReason();
            boolean waiting = tools.run(step.calls(), messages);
            out.emit(new UIMessageChunk.FinishStep());
            stepOpen = false;
            steps++;
            return !step.calls().isEmpty() && !waiting;
        }

        /** History (compacted when due) plus this turn's steps, through the prepareMessages hook. */
        private List<ModelMessage> prepare(int index) {
            List<ModelMessage> current = ModelMessages.fromAssistant(out.message(), request.tools());
            if (request.compaction() != null) {
                Compaction.Result r = request.compaction().compact(request.system(), history, current,
                        lastCallTokens, request.abort());
                if (r != null) {
                    history = r.messages();
                    usage = usage.plus(r.usage());
                    compacted = Compaction.Reason.WITHIN_TURN;
                }
            }
            List<ModelMessage> all = new ArrayList<>(history);
            all.addAll(current);
            return request.prepareMessages() == null ? all : request.prepareMessages().prepare(index, all, compacted);
        }

        private List<ModelMessage> messages() {
            List<ModelMessage> all = new ArrayList<>(history);
            all.addAll(ModelMessages.fromAssistant(out.message(), request.tools()));
            return all;
        }

        private void closeStep() {
            if (step != null) {
                step.interrupt();
            }
            if (stepOpen) {
                out.emit(new UIMessageChunk.FinishStep());
                stepOpen = false;
                steps++;
            }
        }

        private StreamResult finish(FinishReason why) {
            if (request.sendFinish()) {
                out.emit(new UIMessageChunk.Finish(why));
            }
            return result(why, false, null);
        }

        private StreamResult failed(ModelException e) {
            closeStep();
            String text = e.getMessage() == null ? "The model call failed." : e.getMessage();
            out.emit(new UIMessageChunk.Error(text));
            if (request.sendFinish()) {
                out.emit(new UIMessageChunk.Finish(FinishReason.ERROR));
            }
            return result(FinishReason.ERROR, false, text);
        }

        /**
         * The AI SDK ends a stopped stream with {@code abort} (no reason: ai@5 clients would reject one); when the
         * caller frames the stream itself ({@code sendFinish(false)}, as a turn does) it writes that end.
         */
        private StreamResult aborted() {
            closeStep();
            if (request.sendFinish()) {
                out.emit(new UIMessageChunk.Abort(null));
            }
            return result(null, true, null);
        }

        private StreamResult result(FinishReason why, boolean aborted, String errorText) {
            UIMessage message = out.message();
            return new StreamResult(why, usage, steps, ModelMessages.fromAssistant(message, request.tools()),
                    message, aborted, errorText);
        }
    }
}
