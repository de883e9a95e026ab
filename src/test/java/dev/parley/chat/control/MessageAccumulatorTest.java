package dev.parley.chat.control;

import dev.parley.agent.message.FinishReason;
import dev.parley.agent.message.ToolState;
import dev.parley.agent.message.UIMessage;
import dev.parley.agent.message.UIMessageChunk;
import dev.parley.agent.message.UIMessageStreamException;
import dev.parley.agent.message.UIPart;
import dev.parley.platform.JsonValues;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MessageAccumulatorTest {

    private static List<UIMessageChunk> chunks(String... json) {
        return java.util.Arrays.stream(json).map(ChunkCodec::parse).toList();
    }

    private static UIMessage reduce(String... json) {
        return new MessageAccumulator().acceptAll(chunks(json)).message();
    }

    @Test
    void buildsTextAcrossSteps() {
        MessageAccumulator acc = new MessageAccumulator().acceptAll(chunks(
                "{\"type\":\"start\",\"messageId\":\"m1\"}",
                "{\"type\":\"start-step\"}",
                "{\"type\":\"text-start\",\"id\":\"a\"}",
                "{\"type\":\"text-delta\",\"id\":\"a\",\"delta\":\"Hel\"}",
                "{\"type\":\"text-delta\",\"id\":\"a\",\"delta\":\"lo\"}",
                "{\"type\":\"text-end\",\"id\":\"a\"}",
                "{\"type\":\"finish-step\"}",
                "{\"type\":\"finish\",\"finishReason\":\"stop\"}"));
        UIMessage m = acc.message();
        assertEquals("m1", m.id());
        assertEquals(2, m.parts().size());
        assertInstanceOf(UIPart.StepStart.class, m.parts().get(0));
        assertEquals(new UIPart.Text("Hello", UIPart.TextState.DONE, null, null), m.parts().get(1));
        assertEquals(FinishReason.STOP, acc.finishReason());
    }

    @Test
    void aCutOffStreamYieldsThePartialMessage() {
        UIMessage m = reduce(
                "{\"type\":\"start\",\"messageId\":\"m1\"}",
                "{\"type\":\"start-step\"}",
                "{\"type\":\"reasoning-start\",\"id\":\"r\"}",
                "{\"type\":\"reasoning-delta\",\"id\":\"r\",\"delta\":\"Let me\"}",
                "{\"type\":\"reasoning-end\",\"id\":\"r\",\"providerMetadata\":{\"anthropic\":{\"signature\":\"s\"}}}",
                "{\"type\":\"text-start\",\"id\":\"a\"}",
                "{\"type\":\"text-delta\",\"id\":\"a\",\"delta\":\"Half a sen\"}");
        UIPart.Reasoning r = assertInstanceOf(UIPart.Reasoning.class, m.parts().get(1));
        assertEquals(UIPart.TextState.DONE, r.state());
        assertEquals("s", r.providerMetadata().getJsonObject("anthropic").getString("signature"));
        assertEquals(new UIPart.Text("Half a sen", UIPart.TextState.STREAMING, null, null), m.parts().get(2));
    }

    @Test
    void buildsAToolCallFromStreamedInputToOutput() {
        MessageAccumulator acc = new MessageAccumulator().acceptAll(chunks(
                "{\"type\":\"start\",\"messageId\":\"m1\"}",
                "{\"type\":\"start-step\"}",
                "{\"type\":\"tool-input-start\",\"toolCallId\":\"c1\",\"toolName\":\"weather\",\"title\":\"Weather\"}",
                "{\"type\":\"tool-input-delta\",\"toolCallId\":\"c1\",\"inputTextDelta\":\"{\\\"city\\\":\\\"Be\"}"));
        UIPart.Tool streaming = assertInstanceOf(UIPart.Tool.class, acc.message().parts().get(1));
        assertEquals(ToolState.INPUT_STREAMING, streaming.state());
        assertEquals(JsonValues.parse("{\"city\":\"Be\"}"), streaming.input(), "partial input is readable");
        assertEquals("Weather", streaming.extra().getString("title"));

        acc.acceptAll(chunks(
                "{\"type\":\"tool-input-delta\",\"toolCallId\":\"c1\",\"inputTextDelta\":\"rn\\\"}\"}",
                "{\"type\":\"tool-input-available\",\"toolCallId\":\"c1\",\"toolName\":\"weather\",\"input\":{\"city\":\"Bern\"}}",
                "{\"type\":\"tool-output-available\",\"toolCallId\":\"c1\",\"output\":{\"temp\":3}}",
                "{\"type\":\"finish-step\"}"));
        List<UIPart> parts = acc.message().parts();
        assertEquals(2, parts.size(), "one part per call, updated in place");
        UIPart.Tool done = (UIPart.Tool) parts.get(1);
        assertEquals("tool-weather", done.type());
        assertEquals(ToolState.OUTPUT_AVAILABLE, done.state());
        assertEquals(JsonValues.parse("{\"city\":\"Bern\"}"), done.input());
        assertEquals(JsonValues.parse("{\"temp\":3}"), done.output());
    }

    @Test
    void inputErrorsAndOutputErrorsEndInOutputError() {
        UIMessage m = reduce(
                "{\"type\":\"start-step\"}",
                "{\"type\":\"tool-input-start\",\"toolCallId\":\"c1\",\"toolName\":\"weather\"}",
                "{\"type\":\"tool-input-error\",\"toolCallId\":\"c1\",\"toolName\":\"weather\",\"input\":\"{bad\",\"errorText\":\"Invalid JSON\"}",
                "{\"type\":\"tool-input-available\",\"toolCallId\":\"c2\",\"toolName\":\"lookup\",\"input\":{}}",
                "{\"type\":\"tool-output-error\",\"toolCallId\":\"c2\",\"errorText\":\"down\"}");
        UIPart.Tool bad = (UIPart.Tool) m.parts().get(1);
        assertEquals(ToolState.OUTPUT_ERROR, bad.state());
        assertEquals("Invalid JSON", bad.errorText());
        assertEquals(Json.createValue("{bad"), bad.input());
        UIPart.Tool failed = (UIPart.Tool) m.parts().get(2);
        assertEquals(ToolState.OUTPUT_ERROR, failed.state());
        assertEquals("down", failed.errorText());
    }

    @Test
    void approvalRequestThenContinuationAfterApproval() {
        UIMessage first = reduce(
                "{\"type\":\"start\",\"messageId\":\"m1\"}",
                "{\"type\":\"start-step\"}",
                "{\"type\":\"tool-input-available\",\"toolCallId\":\"c1\",\"toolName\":\"refund\",\"input\":{\"amount\":5}}",
                "{\"type\":\"tool-approval-request\",\"approvalId\":\"ap1\",\"toolCallId\":\"c1\"}",
                "{\"type\":\"finish-step\"}",
                "{\"type\":\"finish\",\"finishReason\":\"tool-calls\"}");
        UIPart.Tool requested = (UIPart.Tool) first.parts().get(1);
        assertEquals(ToolState.APPROVAL_REQUESTED, requested.state());
        assertEquals(new UIPart.Approval("ap1", null, null), requested.approval());

        UIMessage approved = MessageMerge.overlay(first, UIMessageCodec.parse(
                "{\"id\":\"m1\",\"role\":\"assistant\",\"parts\":[{\"type\":\"tool-refund\",\"toolCallId\":\"c1\","
                        + "\"state\":\"approval-responded\",\"approval\":{\"id\":\"ap1\",\"approved\":true}}]}"));
        MessageAccumulator next = new MessageAccumulator(approved).acceptAll(chunks(
                "{\"type\":\"start\",\"messageId\":\"m1\"}",
                "{\"type\":\"tool-output-available\",\"toolCallId\":\"c1\",\"output\":\"refunded\"}",
                "{\"type\":\"start-step\"}",
                "{\"type\":\"text-start\",\"id\":\"t\"}",
                "{\"type\":\"text-delta\",\"id\":\"t\",\"delta\":\"Done.\"}",
                "{\"type\":\"text-end\",\"id\":\"t\"}",
                "{\"type\":\"finish-step\"}",
                "{\"type\":\"finish\",\"finishReason\":\"stop\"}"));
        UIMessage m = next.message();
        assertEquals("m1", m.id());
        UIPart.Tool resolved = (UIPart.Tool) m.parts().get(1);
        assertEquals(ToolState.OUTPUT_AVAILABLE, resolved.state());
        assertEquals(Json.createValue("refunded"), resolved.output());
        assertEquals(Boolean.TRUE, resolved.approval().approved(), "the approval stays on the part");
        assertEquals("Done.", m.text());
        assertEquals(4, m.parts().size());
    }

    @Test
    void deniedToolEndsInOutputDenied() {
        UIMessage m = reduce(
                "{\"type\":\"tool-input-available\",\"toolCallId\":\"c1\",\"toolName\":\"refund\",\"input\":{}}",
                "{\"type\":\"tool-approval-request\",\"approvalId\":\"ap1\",\"toolCallId\":\"c1\"}",
                "{\"type\":\"tool-output-denied\",\"toolCallId\":\"c1\"}");
        assertEquals(ToolState.OUTPUT_DENIED, ((UIPart.Tool) m.parts().get(0)).state());
    }

    @Test
    void refusesWhatTheSdkReducerRefuses() {
        assertThrows(UIMessageStreamException.class, () -> reduce("{\"type\":\"text-delta\",\"id\":\"a\",\"delta\":\"x\"}"));
        assertThrows(UIMessageStreamException.class, () -> reduce("{\"type\":\"reasoning-end\",\"id\":\"a\"}"));
        assertThrows(UIMessageStreamException.class,
                () -> reduce("{\"type\":\"tool-input-delta\",\"toolCallId\":\"c\",\"inputTextDelta\":\"{\"}"));
        assertThrows(UIMessageStreamException.class,
                () -> reduce("{\"type\":\"tool-output-available\",\"toolCallId\":\"c\",\"output\":1}"));
        assertThrows(UIMessageStreamException.class, () -> reduce(
                "{\"type\":\"text-start\",\"id\":\"a\"}", "{\"type\":\"finish-step\"}",
                "{\"type\":\"text-delta\",\"id\":\"a\",\"delta\":\"x\"}"), "finish-step closes active parts");
    }

    @Test
    void dataPartsReplaceBySameIdAndTransientOnesAreNotStored() {
        UIMessage m = reduce(
                "{\"type\":\"data-status\",\"id\":\"s\",\"data\":\"working\"}",
                "{\"type\":\"data-status\",\"data\":\"no id appends\"}",
                "{\"type\":\"data-status\",\"id\":\"s\",\"data\":\"done\"}",
                "{\"type\":\"data-ping\",\"data\":1,\"transient\":true}");
        assertEquals(List.of(new UIPart.Data("status", "s", Json.createValue("done")),
                new UIPart.Data("status", null, Json.createValue("no id appends"))), m.parts());
    }

    @Test
    void metadataMergesDeeply() {
        UIMessage m = reduce(
                "{\"type\":\"start\",\"messageId\":\"m\",\"messageMetadata\":{\"a\":{\"x\":1},\"b\":1}}",
                "{\"type\":\"message-metadata\",\"messageMetadata\":{\"a\":{\"y\":2}}}",
                "{\"type\":\"finish\",\"messageMetadata\":{\"b\":2}}");
        JsonObject expected = JsonValues.parseObject("{\"a\":{\"x\":1,\"y\":2},\"b\":2}");
        assertEquals(expected, m.metadata());
    }

    @Test
    void sourcesFilesErrorsAndAbortAreRecorded() {
        MessageAccumulator acc = new MessageAccumulator().acceptAll(chunks(
                "{\"type\":\"source-url\",\"sourceId\":\"s\",\"url\":\"https://e.org\"}",
                "{\"type\":\"file\",\"url\":\"https://e.org/a.png\",\"mediaType\":\"image/png\"}",
                "{\"type\":\"error\",\"errorText\":\"provider down\"}",
                "{\"type\":\"abort\"}"));
        assertEquals(2, acc.message().parts().size());
        assertEquals("provider down", acc.errorText());
        assertTrue(acc.aborted());
        assertNull(acc.finishReason());
    }

    @Test
    void aUserMessageIsNotContinued() {
        MessageAccumulator acc = new MessageAccumulator(UIMessage.user("u1", "hi"));
        assertEquals("", acc.message().id());
        assertFalse(acc.message().parts().iterator().hasNext());
    }
}
