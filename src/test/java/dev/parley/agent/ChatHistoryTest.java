package dev.parley.agent;

import dev.parley.agent.message.UIMessage;
import dev.parley.agent.message.UIPart;
import dev.parley.chat.control.UIMessageCodec;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ChatHistoryTest {

    private static UIMessage assistantWithTool(String id, String callId, String state) {
        return UIMessageCodec.parse("""
                {"id":"%s","role":"assistant","parts":[{"type":"tool-sendEmail","toolCallId":"%s","state":"%s","input":{}%s}]}"""
                .formatted(id, callId, state, state.equals("output-available") ? ",\"output\":{\"sent\":true}" : ""));
    }

    private static List<UIMessage> conversation() {
        return new ArrayList<>(List.of(UIMessage.user("u1", "one"), assistantWithTool("a1", "c1", "output-available"),
                UIMessage.user("u2", "two"), assistantWithTool("a2", "c2", "approval-requested"), UIMessage.user("u3", "three")));
    }

    @Test
    void editsChangeTheRunsOwnList() {
        List<UIMessage> run = conversation();
        ChatHistory h = new ChatHistory(run);
        assertTrue(h.rollbackTo("u2"));
        assertEquals(List.of("u1", "a1", "u2"), run.stream().map(UIMessage::id).toList());
        assertTrue(h.remove("a1"));
        assertTrue(h.replace("u1", UIMessage.user("u1", "edited")));
        assertEquals("edited", h.findMessage("u1").orElseThrow().text());
        assertFalse(h.remove("nope"));
        assertFalse(h.rollbackTo("nope"));
        assertEquals(List.of("u1", "u2"), run.stream().map(UIMessage::id).toList());
    }

    @Test
    void sliceCountsNegativeIndexesFromTheEndAndClamps() {
        ChatHistory h = new ChatHistory(conversation());
        assertEquals(List.of("u2", "a2"), h.slice(2, 4).stream().map(UIMessage::id).toList());
        assertEquals(List.of("a2", "u3"), h.slice(-2, 99).stream().map(UIMessage::id).toList());
        assertEquals(List.of(), h.slice(4, 1));
    }

    @Test
    void toolCallsAreSplitIntoPendingAndResolved() {
        ChatHistory h = new ChatHistory(conversation());
        assertEquals(List.of("c2"), h.getPendingToolCalls().stream().map(UIPart.Tool::toolCallId).toList());
        assertEquals(List.of("c1"), h.getResolvedToolCalls().stream().map(UIPart.Tool::toolCallId).toList());
    }

    @Test
    void newToolResultsAreThoseThatArrivedWithThisTurnsMessage() {
        List<UIMessage> run = conversation();
        run.set(3, assistantWithTool("a2", "c2", "output-available")); // the client's result, merged before the turn
        ChatHistory h = new ChatHistory(run.subList(0, 4));
        assertEquals(List.of("c2"), h.extractNewToolResults().stream().map(UIPart.Tool::toolCallId).toList());
    }
}
