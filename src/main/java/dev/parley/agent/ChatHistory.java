package dev.parley.agent;

import dev.parley.agent.message.Role;
import dev.parley.agent.message.ToolState;
import dev.parley.agent.message.UIMessage;
import dev.parley.agent.message.UIPart;

import dev.parley.agent.model.ModelException;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The run's conversation ({@code chat.history}), editable during a turn: edits change what later turns and the
 * snapshot see. The message the current turn is writing is added after the agent returns, so edits never touch it.
 */
public final class ChatHistory {

    private static final Logger LOG = Logger.getLogger(ChatHistory.class.getName());

    private static final Set<ToolState> PENDING = Set.of(ToolState.INPUT_STREAMING, ToolState.INPUT_AVAILABLE,
            ToolState.APPROVAL_REQUESTED, ToolState.APPROVAL_RESPONDED);
    private static final Set<ToolState> RESOLVED = Set.of(ToolState.OUTPUT_AVAILABLE, ToolState.OUTPUT_ERROR,
            ToolState.OUTPUT_DENIED);

    private final List<UIMessage> messages;
    private int sizeAtTurnStart;

    /** @param messages the run's own list (edited in place) */
    public ChatHistory(List<UIMessage> messages) {
        this.messages = messages;
        this.sizeAtTurnStart = messages.size();
    }

    public synchronized List<UIMessage> all() {
        return List.copyOf(messages);
    }

    public synchronized Optional<UIMessage> findMessage(String id) {
        return messages.stream().filter(m -> m.id().equals(id)).findFirst();
    }

    /** Drops every message after {@code id}; false if there is no such message. */
    public synchronized boolean rollbackTo(String id) {
        int i = indexOf(id);
        if (i < 0) {
            return false;
        }
        messages.subList(i + 1, messages.size()).clear();
        return true;
    }

    public synchronized boolean replace(String id, UIMessage with) {
        int i = indexOf(id);
        if (i >= 0) {
            messages.set(i, with);
        }
        return i >= 0;
    }

    public synchronized boolean remove(String id) {
        int i = indexOf(id);
        if (i >= 0) {
            messages.remove(i);
        }
        return i >= 0;
    }

    /** Messages {@code from} (inclusive) to {@code to} (exclusive); negative indexes count from the end. */
    public synchronized List<UIMessage> slice(int from, int to) {
        int n = messages.size();
        int a = Math.max(0, Math.min(n, from < 0 ? n + from : from));
        int b = Math.max(a, Math.min(n, to < 0 ? n + to : to));
        return List.copyOf(messages.subList(a, b));
    }

    /** Tool calls that have no output yet (streaming, waiting for approval, approved but not run). */
    public synchronized List<UIPart.Tool> getPendingToolCalls() {
        return tools(PENDING, 0);
    }

    /** Tool calls with an output, an error or a denial. */
    public synchronized List<UIPart.Tool> getResolvedToolCalls() {
        return tools(RESOLVED, 0);
    }

    /** Tool results that arrived with the messages of this turn (client-side tool outputs, approvals answered). */
    public synchronized List<UIPart.Tool> extractNewToolResults() {
        return tools(RESOLVED, Math.max(0, sizeAtTurnStart - 1));
    }

    /** Replaces the run's history by its compacted form ({@link Turn#compact}); null if nothing was folded. */
    synchronized Compaction.HistoryCompacted compact(Compaction with, Compaction.Reason why, AbortSignal abort) {
        Compaction.HistoryCompacted done = with.compactHistory(List.copyOf(messages), why, abort);
        if (done != null) {
            messages.clear();
            messages.addAll(done.messages());
            sizeAtTurnStart = Math.max(0, sizeAtTurnStart - (done.messagesBefore() - done.messagesAfter()));
        }
        return done;
    }

    /**
     * At a model call's start: a history still over the threshold (its last summary failed, or a hydrated history)
     * is compacted now. A provider failure of the summary is logged and leaves the history whole for this call.
     */
    Compaction.HistoryCompacted compactIfDue(Compaction with, AbortSignal abort) {
        try {
            return compact(with, Compaction.Reason.THRESHOLD, abort);
        } catch (ModelException failed) {
            LOG.log(Level.WARNING, "compacting the history failed; the model gets it whole this time", failed);
            return null;
        }
    }

    private List<UIPart.Tool> tools(Set<ToolState> states, int fromIndex) {
        List<UIPart.Tool> out = new ArrayList<>();
        for (UIMessage m : messages.subList(Math.min(fromIndex, messages.size()), messages.size())) {
            if (m.role() != Role.ASSISTANT) {
                continue;
            }
            for (UIPart p : m.parts()) {
                if (p instanceof UIPart.Tool t && states.contains(t.state())) {
                    out.add(t);
                }
            }
        }
        return out;
    }

    private int indexOf(String id) {
        for (int i = 0; i < messages.size(); i++) {
            if (messages.get(i).id().equals(id)) {
                return i;
            }
        }
        return -1;
    }
}
