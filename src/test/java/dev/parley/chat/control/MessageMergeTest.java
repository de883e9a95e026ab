package dev.parley.chat.control;

import dev.parley.agent.message.ToolState;
import dev.parley.agent.message.UIMessage;
import dev.parley.agent.message.UIPart;
import dev.parley.platform.JsonValues;
import jakarta.json.Json;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

class MessageMergeTest {

    private static final UIMessage USER = UIMessage.user("u1", "refund order 7 and email me");

    private static final UIMessage STORED = UIMessageCodec.parse("""
            {"id":"m1","role":"assistant","parts":[
              {"type":"step-start"},
              {"type":"text","text":"Let me do that.","state":"done"},
              {"type":"tool-refund","toolCallId":"c1","state":"approval-requested","input":{"order":7},
               "approval":{"id":"ap1"},"title":"Refund"},
              {"type":"tool-askUser","toolCallId":"c2","state":"input-available","input":{"q":"email?"}}
            ]}""");

    private static List<UIMessage> history() {
        return List.of(USER, STORED);
    }

    private static UIMessage slim(String parts) {
        return UIMessageCodec.parse("{\"id\":\"m1\",\"role\":\"assistant\",\"parts\":[" + parts + "]}");
    }

    @Test
    void anApprovalResponseOverlaysOnlyTheToolStateFields() {
        List<UIMessage> merged = MessageMerge.upsert(history(), slim(
                "{\"type\":\"tool-refund\",\"toolCallId\":\"c1\",\"state\":\"approval-responded\","
                        + "\"approval\":{\"id\":\"ap1\",\"approved\":true,\"reason\":\"ok\"}}"));
        assertEquals(2, merged.size());
        UIMessage m = merged.get(1);
        assertEquals(STORED.parts().get(1), m.parts().get(1), "text untouched");
        UIPart.Tool refund = (UIPart.Tool) m.parts().get(2);
        assertEquals(ToolState.APPROVAL_RESPONDED, refund.state());
        assertEquals(new UIPart.Approval("ap1", true, "ok"), refund.approval());
        assertEquals(JsonValues.parse("{\"order\":7}"), refund.input(), "input comes from the stored part");
        assertEquals("Refund", refund.extra().getString("title"), "pass-through members kept");
        assertEquals(STORED.parts().get(3), m.parts().get(3), "other tool parts untouched");
    }

    @Test
    void aClientToolResultBecomesOutputAvailable() {
        UIMessage m = MessageMerge.upsert(history(), slim(
                "{\"type\":\"tool-askUser\",\"toolCallId\":\"c2\",\"state\":\"output-available\",\"output\":\"yes\"}"))
                .get(1);
        UIPart.Tool ask = (UIPart.Tool) m.parts().get(3);
        assertEquals(ToolState.OUTPUT_AVAILABLE, ask.state());
        assertEquals(Json.createValue("yes"), ask.output());
        assertEquals(JsonValues.parse("{\"q\":\"email?\"}"), ask.input());
    }

    @Test
    void aClientToolErrorBecomesOutputError() {
        UIPart.Tool ask = (UIPart.Tool) MessageMerge.upsert(history(), slim(
                "{\"type\":\"tool-askUser\",\"toolCallId\":\"c2\",\"state\":\"output-error\",\"errorText\":\"closed\"}"))
                .get(1).parts().get(3);
        assertEquals(ToolState.OUTPUT_ERROR, ask.state());
        assertEquals("closed", ask.errorText());
    }

    @Test
    void aResolvedCallIsNotMovedBackByAReplayedApproval() {
        UIMessage executed = MessageMerge.overlay(STORED, slim(
                "{\"type\":\"tool-refund\",\"toolCallId\":\"c1\",\"state\":\"output-available\",\"output\":\"done\"}"));
        UIMessage replayed = MessageMerge.overlay(executed, slim(
                "{\"type\":\"tool-refund\",\"toolCallId\":\"c1\",\"state\":\"approval-responded\","
                        + "\"approval\":{\"id\":\"ap1\",\"approved\":true}}"));
        assertEquals(executed, replayed);
    }

    @Test
    void unknownMessagesAreAppendedAndKnownUserMessagesReplaced() {
        UIMessage next = UIMessage.user("u2", "thanks");
        assertEquals(List.of(USER, STORED, next), MessageMerge.upsert(history(), next));
        UIMessage edited = UIMessage.user("u1", "edited");
        assertSame(edited, MessageMerge.upsert(history(), edited).get(0));
    }

    @Test
    void aSlimPartForAnUnknownCallIsKept() {
        UIMessage m = MessageMerge.overlay(STORED, slim(
                "{\"type\":\"tool-other\",\"toolCallId\":\"c9\",\"state\":\"output-available\",\"output\":1}"));
        assertEquals(5, m.parts().size());
        assertEquals("c9", ((UIPart.Tool) m.parts().get(4)).toolCallId());
    }

    private static final UIMessage A1 = UIMessage.assistant("a1", List.of());
    private static final UIMessage U2 = UIMessage.user("u2", "second");
    private static final UIMessage A2 = UIMessage.assistant("a2", List.of());

    private static List<String> ids(List<UIMessage> messages) {
        return messages.stream().map(UIMessage::id).toList();
    }

    @Test
    void anEditReplacesTheUserMessageAndDropsWhatFollowed() {
        UIMessage edited = UIMessage.user("u1", "edited");
        List<UIMessage> out = MessageMerge.submit(List.of(USER, A1, U2, A2), edited, "u1");
        assertEquals(List.of("u1"), ids(out));
        assertSame(edited, out.get(0));
        assertEquals(List.of("u1", "a1", "u2", "a2", "u3"),
                ids(MessageMerge.submit(List.of(USER, A1, U2, A2), UIMessage.user("u3", "new"), null)), "a plain send appends");
        assertEquals(List.of("u1", "a1", "u2", "a2"),
                ids(MessageMerge.submit(List.of(USER, A1, U2, A2), UIMessage.user("u2", "again"), null)),
                "without messageId a known id is replaced in place, nothing dropped");
    }

    @Test
    void aRegenerateCutsBackToTheNamedMessageThenDropsTrailingAnswers() {
        List<UIMessage> h = List.of(USER, A1, U2, A2);
        assertEquals(List.of("u1", "a1", "u2"), ids(MessageMerge.regenerate(h, null)));
        assertEquals(List.of("u1", "a1", "u2"), ids(MessageMerge.regenerate(h, "a2")));
        assertEquals(List.of("u1"), ids(MessageMerge.regenerate(h, "a1")), "an earlier answer: what followed it goes too");
        assertEquals(List.of("u1", "a1", "u2"), ids(MessageMerge.regenerate(h, "u2")));
        assertEquals(List.of("u1", "a1", "u2"), ids(MessageMerge.regenerate(h, "unknown")));
    }
}
