package dev.parley.chat.control;

import dev.parley.agent.message.Role;
import dev.parley.agent.message.ToolState;
import dev.parley.agent.message.UIMessage;
import dev.parley.agent.message.UIPart;

import java.util.ArrayList;
import java.util.List;

/**
 * Merge-by-id of messages arriving from the client (wire rule W14). For tool approvals and client-side tool
 * results the clients resend the assistant message slimmed to {@code {id, role, parts:[tool parts]}}, each part
 * reduced to {@code type, toolCallId, state, toolName?, output | errorText, approval?}. The stored message stays
 * authoritative for everything else: only the tool-state fields are overlaid, matched by message id and then
 * {@code toolCallId}. A resolved call never moves back to an unresolved state, so a replayed approval after the
 * tool already ran does not run it twice.
 */
public final class MessageMerge {

    private MessageMerge() {
    }

    /** The history with {@code incoming} merged in: overlaid on its stored twin, replacing it, or appended. */
    public static List<UIMessage> upsert(List<UIMessage> history, UIMessage incoming) {
        List<UIMessage> out = new ArrayList<>(history);
        for (int i = 0; i < out.size(); i++) {
            UIMessage stored = out.get(i);
            if (stored.id().equals(incoming.id())) {
                boolean assistant = stored.role() == Role.ASSISTANT && incoming.role() == Role.ASSISTANT;
                out.set(i, assistant ? overlay(stored, incoming) : incoming);
                return out;
            }
        }
        out.add(incoming);
        return out;
    }

    /**
     * A message sent by a client. With {@code messageId} naming a stored user message and the incoming user message
     * carrying that id, it is an edit (the AI SDK's {@code sendMessage({messageId})}): the stored message is replaced
     * and everything after it dropped, as the client did locally. Anything else is an {@link #upsert}.
     */
    public static List<UIMessage> submit(List<UIMessage> history, UIMessage incoming, String messageId) {
        if (messageId != null && incoming.role() == Role.USER && messageId.equals(incoming.id())) {
            int i = indexOfMessage(history, messageId);
            if (i >= 0 && history.get(i).role() == Role.USER) {
                List<UIMessage> out = new ArrayList<>(history.subList(0, i));
                out.add(incoming);
                return out;
            }
        }
        return upsert(history, incoming);
    }

    /**
     * A regenerate: with {@code messageId} naming a stored message the history is cut back to it, as the AI SDK's
     * {@code regenerate({messageId})} does locally (an assistant message goes, a user message stays); then trailing
     * assistant messages are dropped, so the turn answers the last user message afresh.
     */
    public static List<UIMessage> regenerate(List<UIMessage> history, String messageId) {
        List<UIMessage> out = new ArrayList<>(history);
        int i = messageId == null ? -1 : indexOfMessage(out, messageId);
        if (i >= 0) {
            out = new ArrayList<>(out.subList(0, out.get(i).role() == Role.ASSISTANT ? i : i + 1));
        }
        while (!out.isEmpty() && out.getLast().role() == Role.ASSISTANT) {
            out.removeLast();
        }
        return out;
    }

    private static int indexOfMessage(List<UIMessage> history, String id) {
        for (int i = 0; i < history.size(); i++) {
            if (history.get(i).id().equals(id)) {
                return i;
            }
        }
        return -1;
    }

    /** {@code stored} with the tool-state fields of {@code slim}'s tool parts; other slim parts are ignored. */
    public static UIMessage overlay(UIMessage stored, UIMessage slim) {
        List<UIPart> parts = new ArrayList<>(stored.parts());
        for (UIPart p : slim.parts()) {
            if (p instanceof UIPart.Tool update) {
                int i = indexOf(parts, update.toolCallId());
                if (i < 0) {
                    parts.add(update);
                } else {
                    parts.set(i, merged((UIPart.Tool) parts.get(i), update));
                }
            }
        }
        return stored.withParts(parts);
    }

    private static int indexOf(List<UIPart> parts, String toolCallId) {
        for (int i = 0; i < parts.size(); i++) {
            if (parts.get(i) instanceof UIPart.Tool t && t.toolCallId().equals(toolCallId)) {
                return i;
            }
        }
        return -1;
    }

    private static UIPart.Tool merged(UIPart.Tool stored, UIPart.Tool update) {
        if (stored.state().resolved() && !update.state().resolved()) {
            return stored;
        }
        ToolState state = update.state();
        return new UIPart.Tool(update.dynamic() ? update.toolName() : stored.toolName(), stored.dynamic(),
                stored.toolCallId(), state, update.input() != null ? update.input() : stored.input(),
                state == ToolState.OUTPUT_AVAILABLE ? update.output() : null,
                state == ToolState.OUTPUT_ERROR ? update.errorText() : null,
                approval(stored.approval(), update.approval()), stored.extra());
    }

    private static UIPart.Approval approval(UIPart.Approval stored, UIPart.Approval update) {
        if (update == null) {
            return stored;
        }
        if (stored == null) {
            return update;
        }
        return new UIPart.Approval(stored.id(), update.approved(), update.reason(), update.extra());
    }
}
