package dev.parley.models.control;

import dev.parley.agent.AbortSignal;
import dev.parley.agent.Tool;
import dev.parley.agent.ToolContext;
import dev.parley.agent.Tools;
import dev.parley.agent.message.ToolState;
import dev.parley.agent.message.UIMessage;
import dev.parley.agent.message.UIMessageChunk;
import dev.parley.agent.message.UIPart;
import dev.parley.agent.model.ModelMessage;
import dev.parley.platform.Ids;
import dev.parley.telemetry.control.Telemetry;
import jakarta.json.JsonValue;

import java.util.List;

/**
 * Runs the tool calls of a step, one after another, and decides whether the turn must pause: a call that needs
 * approval gets a {@code tool-approval-request} and does not run; a client-side call waits for the browser. At the
 * start of a continuation it settles the decisions the client sent back: approved calls run, denied ones get
 * {@code tool-output-denied}.
 */
final class ToolRunner {

    private final Tools tools;
    private final ChunkEmitter out;
    private final AbortSignal abort;

    ToolRunner(Tools tools, ChunkEmitter out, AbortSignal abort) {
        this.tools = tools;
        this.out = out;
        this.abort = abort;
    }

    /** Runs the step's valid calls; true when the turn has to wait for an approval or a client result. */
    boolean run(List<ModelStep.Call> calls, List<ModelMessage> messages) {
        boolean waiting = false;
        for (ModelStep.Call call : calls) {
            if (call.inputError() != null || abort.aborted()) {
                continue;
            }
            Tool tool = tools.get(call.name()).orElseThrow();
            if (tool.needsApprovalFor(call.input())) {
                out.emit(new UIMessageChunk.ToolApprovalRequest("approval_" + Ids.random(16), call.id()));
                waiting = true;
            } else if (tool.clientSide()) {
                waiting = true;
            } else {
                execute(tool, call.id(), call.input(), messages, false);
            }
        }
        return waiting;
    }

    /** Acts on the approval decisions found in a continued assistant message. */
    void settleApprovals(UIMessage continued, List<ModelMessage> messages) {
        for (UIPart p : continued.parts()) {
            if (!(p instanceof UIPart.Tool t) || t.state() != ToolState.APPROVAL_RESPONDED || abort.aborted()) {
                continue;
            }
            boolean approved = t.approval() != null && Boolean.TRUE.equals(t.approval().approved());
            Tool tool = tools.get(t.toolName()).orElse(null);
            if (!approved) {
                out.emit(new UIMessageChunk.ToolOutputDenied(t.toolCallId()));
            } else if (tool == null) {
                out.emit(new UIMessageChunk.ToolOutputError(t.toolCallId(), "There is no tool named "
                        + t.toolName() + " any more."));
            } else if (!tool.clientSide()) {
                execute(tool, t.toolCallId(), t.input() == null ? JsonValue.EMPTY_JSON_OBJECT : t.input(), messages, true);
            }
        }
    }

    private void execute(Tool tool, String callId, JsonValue input, List<ModelMessage> messages, boolean approved) {
        ToolContext context = new ToolContext(callId, abort, messages, out::emit);
        try (Telemetry.Call call = Telemetry.toolCall(tool.name(), approved)) {
            try {
                out.emit(new UIMessageChunk.ToolOutputAvailable(callId, tool.execute(input, context)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                call.failed(e);
                out.emit(new UIMessageChunk.ToolOutputError(callId, "The tool was interrupted."));
            } catch (Exception e) {
                call.failed(e);
                String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
                out.emit(new UIMessageChunk.ToolOutputError(callId, message));
            }
        }
    }
}
