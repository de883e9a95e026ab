package dev.parley.models.control;

import dev.parley.agent.Tool;
import dev.parley.agent.Tools;
import dev.parley.agent.message.UIMessage;
import dev.parley.agent.model.Content;
import dev.parley.agent.model.ModelMessage;
import dev.parley.chat.control.UIMessageCodec;
import dev.parley.platform.JsonValues;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ModelMessagesTest {

    private static final JsonObject SCHEMA = JsonValues.parseObject("{\"type\":\"object\"}");

    @Test
    void convertsAConversationStepByStep() {
        List<UIMessage> history = UIMessageCodec.parseArray("""
                [{"id":"s","role":"system","parts":[{"type":"text","text":"Policy."}]},
                 {"id":"u1","role":"user","parts":[{"type":"text","text":"Refund order 7"},
                   {"type":"file","mediaType":"image/png","url":"data:image/png;base64,AA","filename":"r.png"},
                   {"type":"data-ui","data":1}]},
                 {"id":"a1","role":"assistant","parts":[
                   {"type":"step-start"},
                   {"type":"reasoning","text":"Look it up.","providerMetadata":{"anthropic":{"signature":"s1"}}},
                   {"type":"text","text":"Checking."},
                   {"type":"tool-lookup","toolCallId":"c1","state":"output-available","input":{"id":7},"output":{"big":"x"}},
                   {"type":"tool-lookup","toolCallId":"c2","state":"output-error","input":"{bad","errorText":"Invalid JSON"},
                   {"type":"step-start"},
                   {"type":"tool-refund","toolCallId":"c3","state":"output-denied","input":{"id":7},
                    "approval":{"id":"ap","approved":false,"reason":"too much"}},
                   {"type":"tool-notify","toolCallId":"c4","state":"approval-requested","input":{},"approval":{"id":"ap2"}},
                   {"type":"tool-stream","toolCallId":"c5","state":"input-streaming"},
                   {"type":"step-start"},
                   {"type":"text","text":"I could not refund it."}]}]""");
        Tools tools = Tools.of(Tool.of("lookup", "", SCHEMA, (in, ctx) -> in)
                .toModelOutput(out -> Json.createValue("summarised")));
        List<ModelMessage> messages = ModelMessages.from(history, tools);
        assertEquals(List.of(
                new ModelMessage.System("Policy."),
                new ModelMessage.User(List.of(new Content.Text("Refund order 7"),
                        new Content.File("image/png", "data:image/png;base64,AA", "r.png"))),
                new ModelMessage.Assistant(List.of(new Content.Reasoning("Look it up.", "s1", null),
                        new Content.Text("Checking."),
                        new Content.ToolCall("c1", "lookup", JsonValues.parse("{\"id\":7}")),
                        new Content.ToolCall("c2", "lookup", JsonValues.parse("{}")))),
                new ModelMessage.ToolResults(List.of(
                        new Content.ToolResult("c1", "lookup", Json.createValue("summarised"), false),
                        new Content.ToolResult("c2", "lookup", Json.createValue("Invalid JSON"), true))),
                new ModelMessage.Assistant(List.of(new Content.ToolCall("c3", "refund", JsonValues.parse("{\"id\":7}")),
                        new Content.ToolCall("c4", "notify", JsonValues.parse("{}")))),
                new ModelMessage.ToolResults(List.of(
                        new Content.ToolResult("c3", "refund",
                                Json.createValue(ModelMessages.DENIED + " Reason: too much"), true),
                        new Content.ToolResult("c4", "notify", Json.createValue(ModelMessages.NOT_COMPLETED), true))),
                new ModelMessage.Assistant(List.of(new Content.Text("I could not refund it.")))), messages);
    }

    @Test
    void anAssistantMessageAwaitsResultsWhileACallIsOpen() {
        UIMessage open = UIMessageCodec.parse("{\"id\":\"a\",\"role\":\"assistant\",\"parts\":["
                + "{\"type\":\"tool-x\",\"toolCallId\":\"c\",\"state\":\"input-available\",\"input\":{}}]}");
        UIMessage done = UIMessageCodec.parse("{\"id\":\"a\",\"role\":\"assistant\",\"parts\":["
                + "{\"type\":\"tool-x\",\"toolCallId\":\"c\",\"state\":\"output-available\",\"input\":{},\"output\":1}]}");
        assertEquals(true, ModelMessages.awaitsToolResults(open));
        assertEquals(false, ModelMessages.awaitsToolResults(done));
    }
}
