package dev.parley.chat.control;

import dev.parley.agent.message.Role;
import dev.parley.agent.message.ToolState;
import dev.parley.agent.message.UIMessage;
import dev.parley.agent.message.UIPart;
import dev.parley.platform.JsonValues;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static dev.parley.platform.JsonValues.bool;
import static dev.parley.platform.JsonValues.object;
import static dev.parley.platform.JsonValues.put;
import static dev.parley.platform.JsonValues.putAll;
import static dev.parley.platform.JsonValues.rest;
import static dev.parley.platform.JsonValues.string;

/**
 * {@link UIMessage} to and from the AI SDK v5/v6 wire JSON. Lossless by design: members Parley does not model
 * travel in each part's {@code extra}, and a part that is unknown or does not fit its model is kept verbatim as
 * {@link UIPart.Unknown}, so history read from a newer client is written back byte-for-byte equivalent.
 */
public final class UIMessageCodec {

    private static final Set<String> TEXT_KEYS = Set.of("type", "text", "state", "providerMetadata");
    private static final Set<String> TOOL_KEYS =
            Set.of("type", "toolName", "toolCallId", "state", "input", "output", "errorText", "approval");
    private static final Set<String> SOURCE_URL_KEYS = Set.of("type", "sourceId", "url", "title");
    private static final Set<String> SOURCE_DOC_KEYS = Set.of("type", "sourceId", "mediaType", "title", "filename");
    private static final Set<String> FILE_KEYS = Set.of("type", "mediaType", "url", "filename");
    private static final Set<String> APPROVAL_KEYS = Set.of("id", "approved", "reason");
    private static final Set<String> DATA_KEYS = Set.of("type", "id", "data");

    private UIMessageCodec() {
    }

    public static UIMessage parse(String json) {
        return fromJson(JsonValues.parseObject(json));
    }

    public static List<UIMessage> parseArray(String json) {
        JsonValue v = JsonValues.parse(json);
        if (!(v instanceof JsonArray a)) {
            throw new IllegalArgumentException("expected a JSON array of messages");
        }
        return fromJsonArray(a);
    }

    public static List<UIMessage> fromJsonArray(JsonArray a) {
        List<UIMessage> messages = new ArrayList<>(a.size());
        for (JsonValue v : a) {
            if (!(v instanceof JsonObject o)) {
                throw new IllegalArgumentException("a message must be a JSON object");
            }
            messages.add(fromJson(o));
        }
        return messages;
    }

    /** Refuses a message without {@code id} or with an unknown role; parts never make it fail. */
    public static UIMessage fromJson(JsonObject o) {
        String id = JsonValues.required(o, "id");
        Role role = Role.fromWire(JsonValues.required(o, "role"));
        List<UIPart> parts = new ArrayList<>();
        JsonArray a = JsonValues.array(o, "parts");
        if (a != null) {
            for (JsonValue p : a) {
                if (p instanceof JsonObject po) {
                    parts.add(part(po));
                }
            }
        }
        return new UIMessage(id, role, parts, JsonValues.value(o, "metadata"));
    }

    public static UIPart part(JsonObject o) {
        String type = string(o, "type");
        if (type == null) {
            return new UIPart.Unknown(o);
        }
        UIPart known = switch (type) {
            case "text" -> text(o, false);
            case "reasoning" -> text(o, true);
            case "dynamic-tool" -> tool(o, string(o, "toolName"), true);
            case "source-url" -> sourceUrl(o);
            case "source-document" -> sourceDocument(o);
            case "file" -> file(o);
            case "step-start" -> o.size() == 1 ? new UIPart.StepStart() : null;
            default -> type.startsWith("tool-") && type.length() > 5 ? tool(o, type.substring(5), false)
                    : type.startsWith("data-") && type.length() > 5 ? data(o, type.substring(5)) : null;
        };
        return known == null ? new UIPart.Unknown(o) : known;
    }

    private static UIPart text(JsonObject o, boolean reasoning) {
        String text = string(o, "text");
        if (text == null) {
            return null;
        }
        UIPart.TextState state = UIPart.TextState.fromWire(string(o, "state"));
        if (string(o, "state") != null && state == null) {
            return null;
        }
        JsonObject extra = rest(o, TEXT_KEYS);
        return reasoning ? new UIPart.Reasoning(text, state, object(o, "providerMetadata"), extra)
                : new UIPart.Text(text, state, object(o, "providerMetadata"), extra);
    }

    private static UIPart tool(JsonObject o, String toolName, boolean dynamic) {
        String callId = string(o, "toolCallId");
        ToolState state = ToolState.fromWire(string(o, "state"));
        if (toolName == null || callId == null || state == null) {
            return null;
        }
        UIPart.Approval approval = null;
        if (o.containsKey("approval")) {
            approval = approval(object(o, "approval"));
            if (approval == null) {
                return null;
            }
        }
        return new UIPart.Tool(toolName, dynamic, callId, state, JsonValues.value(o, "input"),
                JsonValues.value(o, "output"), string(o, "errorText"), approval, rest(o, TOOL_KEYS));
    }

    private static UIPart.Approval approval(JsonObject a) {
        if (a == null || string(a, "id") == null) {
            return null;
        }
        return new UIPart.Approval(string(a, "id"), bool(a, "approved"), string(a, "reason"),
                rest(a, APPROVAL_KEYS));
    }

    private static UIPart sourceUrl(JsonObject o) {
        if (string(o, "sourceId") == null || string(o, "url") == null) {
            return null;
        }
        return new UIPart.SourceUrl(string(o, "sourceId"), string(o, "url"), string(o, "title"),
                rest(o, SOURCE_URL_KEYS));
    }

    private static UIPart sourceDocument(JsonObject o) {
        if (string(o, "sourceId") == null || string(o, "mediaType") == null || string(o, "title") == null) {
            return null;
        }
        return new UIPart.SourceDocument(string(o, "sourceId"), string(o, "mediaType"), string(o, "title"),
                string(o, "filename"), rest(o, SOURCE_DOC_KEYS));
    }

    private static UIPart file(JsonObject o) {
        if (string(o, "mediaType") == null || string(o, "url") == null) {
            return null;
        }
        return new UIPart.File(string(o, "mediaType"), string(o, "url"), string(o, "filename"), rest(o, FILE_KEYS));
    }

    private static UIPart data(JsonObject o, String name) {
        boolean idOk = !o.containsKey("id") || string(o, "id") != null;
        if (!idOk || !o.containsKey("data") || !rest(o, DATA_KEYS).isEmpty()) {
            return null;
        }
        return new UIPart.Data(name, string(o, "id"), o.get("data"));
    }

    public static String toJsonText(UIMessage m) {
        return JsonValues.text(toJson(m));
    }

    public static String toJsonText(List<UIMessage> messages) {
        return JsonValues.text(toJsonArray(messages));
    }

    public static JsonArray toJsonArray(List<UIMessage> messages) {
        JsonArrayBuilder a = JsonValues.PROVIDER.createArrayBuilder();
        messages.forEach(m -> a.add(toJson(m)));
        return a.build();
    }

    public static JsonObject toJson(UIMessage m) {
        JsonObjectBuilder b = JsonValues.PROVIDER.createObjectBuilder().add("id", m.id()).add("role", m.role().wire());
        put(b, "metadata", m.metadata());
        JsonArrayBuilder parts = JsonValues.PROVIDER.createArrayBuilder();
        m.parts().forEach(p -> parts.add(toJson(p)));
        return b.add("parts", parts).build();
    }

    public static JsonObject toJson(UIPart part) {
        JsonObjectBuilder b = JsonValues.PROVIDER.createObjectBuilder().add("type", part.type());
        switch (part) {
            case UIPart.Text t -> textMembers(b, t.text(), t.state(), t.providerMetadata(), t.extra());
            case UIPart.Reasoning r -> textMembers(b, r.text(), r.state(), r.providerMetadata(), r.extra());
            case UIPart.Tool t -> toolMembers(b, t);
            case UIPart.SourceUrl s -> {
                b.add("sourceId", s.sourceId()).add("url", s.url());
                put(b, "title", s.title());
                putAll(b, s.extra());
            }
            case UIPart.SourceDocument s -> {
                b.add("sourceId", s.sourceId()).add("mediaType", s.mediaType()).add("title", s.title());
                put(b, "filename", s.filename());
                putAll(b, s.extra());
            }
            case UIPart.File f -> {
                b.add("mediaType", f.mediaType());
                put(b, "filename", f.filename());
                b.add("url", f.url());
                putAll(b, f.extra());
            }
            case UIPart.StepStart s -> { }
            case UIPart.Data d -> {
                put(b, "id", d.id());
                b.add("data", d.data() == null ? JsonValue.NULL : d.data());
            }
            case UIPart.Unknown u -> {
                return u.json();
            }
        }
        return b.build();
    }

    private static void textMembers(JsonObjectBuilder b, String text, UIPart.TextState state, JsonObject pm,
                                    JsonObject extra) {
        b.add("text", text);
        put(b, "state", state == null ? null : state.wire());
        put(b, "providerMetadata", pm);
        putAll(b, extra);
    }

    private static void toolMembers(JsonObjectBuilder b, UIPart.Tool t) {
        if (t.dynamic()) {
            b.add("toolName", t.toolName());
        }
        b.add("toolCallId", t.toolCallId()).add("state", t.state().wire());
        put(b, "input", t.input());
        put(b, "output", t.output());
        put(b, "errorText", t.errorText());
        if (t.approval() != null) {
            JsonObjectBuilder a = JsonValues.PROVIDER.createObjectBuilder().add("id", t.approval().id());
            put(a, "approved", t.approval().approved());
            put(a, "reason", t.approval().reason());
            putAll(a, t.approval().extra());
            b.add("approval", a);
        }
        putAll(b, t.extra());
    }
}
