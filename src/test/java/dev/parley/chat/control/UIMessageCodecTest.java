package dev.parley.chat.control;

import dev.parley.agent.message.Role;
import dev.parley.agent.message.ToolState;
import dev.parley.agent.message.UIMessage;
import dev.parley.agent.message.UIPart;
import dev.parley.platform.JsonValues;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class UIMessageCodecTest {

    /** An assistant message as ai@6 stores it, plus members and part types this version does not model. */
    private static final String ASSISTANT = """
            {"id":"m1","role":"assistant","metadata":{"model":"x"},"parts":[
              {"type":"step-start"},
              {"type":"reasoning","text":"thinking","state":"done","providerMetadata":{"anthropic":{"signature":"s"}}},
              {"type":"text","text":"Hello","state":"done"},
              {"type":"tool-weather","toolCallId":"c1","state":"output-available","input":{"city":"Bern"},
               "output":{"temp":3},"title":"Weather","callProviderMetadata":{"p":{"a":1}},"preliminary":false},
              {"type":"tool-sendEmail","toolCallId":"c2","state":"approval-requested","input":{"to":"a@b"},
               "approval":{"id":"ap1"}},
              {"type":"tool-refund","toolCallId":"c3","state":"output-denied","input":{},
               "approval":{"id":"ap2","approved":false,"reason":"no","isAutomatic":false}},
              {"type":"dynamic-tool","toolName":"mcp_search","toolCallId":"c4","state":"output-error",
               "input":{"q":1},"errorText":"failed"},
              {"type":"tool-stream","toolCallId":"c5","state":"input-streaming"},
              {"type":"source-url","sourceId":"s1","url":"https://example.org","title":"Ex",
               "providerMetadata":{"x":{}}},
              {"type":"source-document","sourceId":"s2","mediaType":"application/pdf","title":"Doc",
               "filename":"d.pdf"},
              {"type":"file","mediaType":"image/png","filename":"a.png","url":"data:image/png;base64,AAAA"},
              {"type":"data-weather","id":"w1","data":{"status":"ok"}},
              {"type":"data-note","data":null},
              {"type":"reasoning-file","mediaType":"image/png","url":"https://example.org/r.png"},
              {"type":"custom","kind":"openai.compaction","providerMetadata":{}},
              {"type":"text","text":"no state","futureKey":[1,2]},
              {"type":"tool-x","toolCallId":"c6","state":"some-future-state","input":{}}
            ]}""";

    @Test
    void roundTripIsLossless() {
        UIMessage m = UIMessageCodec.parse(ASSISTANT);
        assertEquals(JsonValues.parse(ASSISTANT), UIMessageCodec.toJson(m));
    }

    @Test
    void readsKnownPartsIntoTheirTypes() {
        List<UIPart> parts = UIMessageCodec.parse(ASSISTANT).parts();
        assertInstanceOf(UIPart.StepStart.class, parts.get(0));
        UIPart.Reasoning reasoning = assertInstanceOf(UIPart.Reasoning.class, parts.get(1));
        assertEquals("s", reasoning.providerMetadata().getJsonObject("anthropic").getString("signature"));
        UIPart.Tool weather = assertInstanceOf(UIPart.Tool.class, parts.get(3));
        assertEquals("weather", weather.toolName());
        assertEquals(ToolState.OUTPUT_AVAILABLE, weather.state());
        assertEquals("Weather", weather.extra().getString("title"));
        UIPart.Tool email = assertInstanceOf(UIPart.Tool.class, parts.get(4));
        assertEquals("ap1", email.approval().id());
        assertNull(email.approval().approved());
        UIPart.Tool refund = assertInstanceOf(UIPart.Tool.class, parts.get(5));
        assertEquals(Boolean.FALSE, refund.approval().approved());
        UIPart.Tool dynamic = assertInstanceOf(UIPart.Tool.class, parts.get(6));
        assertEquals("dynamic-tool", dynamic.type());
        assertEquals("mcp_search", dynamic.toolName());
        assertNull(assertInstanceOf(UIPart.Tool.class, parts.get(7)).input(), "absent input stays absent");
        assertEquals("w1", assertInstanceOf(UIPart.Data.class, parts.get(11)).id());
        assertInstanceOf(UIPart.Unknown.class, parts.get(13));
        assertInstanceOf(UIPart.Unknown.class, parts.get(14));
        assertInstanceOf(UIPart.Text.class, parts.get(15));
        assertInstanceOf(UIPart.Unknown.class, parts.get(16), "an unknown tool state keeps the part verbatim");
    }

    @Test
    void aMalformedKnownPartIsKeptVerbatim() {
        String json = "{\"id\":\"u1\",\"role\":\"user\",\"parts\":[{\"type\":\"text\"},{\"type\":\"step-start\",\"x\":1}]}";
        UIMessage m = UIMessageCodec.parse(json);
        assertInstanceOf(UIPart.Unknown.class, m.parts().get(0));
        assertInstanceOf(UIPart.Unknown.class, m.parts().get(1));
        assertEquals(JsonValues.parse(json), UIMessageCodec.toJson(m));
    }

    @Test
    void writesAUserMessageInWireOrder() {
        assertEquals("{\"id\":\"u1\",\"role\":\"user\",\"parts\":[{\"type\":\"text\",\"text\":\"hi\"}]}",
                UIMessageCodec.toJsonText(UIMessage.user("u1", "hi")));
    }

    @Test
    void arraysRoundTrip() {
        String json = "[" + ASSISTANT + ",{\"id\":\"u\",\"role\":\"user\",\"parts\":[]}]";
        List<UIMessage> messages = UIMessageCodec.parseArray(json);
        assertEquals(Role.USER, messages.get(1).role());
        assertEquals(JsonValues.parse(json), JsonValues.parse(UIMessageCodec.toJsonText(messages)));
    }

    @Test
    void refusesMessagesWithoutIdOrWithAnUnknownRole() {
        assertThrows(IllegalArgumentException.class, () -> UIMessageCodec.parse("{\"role\":\"user\",\"parts\":[]}"));
        assertThrows(IllegalArgumentException.class,
                () -> UIMessageCodec.parse("{\"id\":\"x\",\"role\":\"tool\",\"parts\":[]}"));
    }
}
