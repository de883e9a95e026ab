package dev.parley.models.control;

import dev.parley.agent.model.Content;
import dev.parley.agent.model.ModelMessage;
import dev.parley.agent.model.ModelRequest;
import dev.parley.agent.model.ToolSpec;
import dev.parley.models.entity.ModelConfig;
import dev.parley.platform.JsonValues;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.util.List;

/** The Chat Completions request body for a {@link ModelRequest}. */
public final class OpenAiRequests {

    private OpenAiRequests() {
    }

    static String body(ModelConfig config, ModelRequest request) {
        JsonObjectBuilder b = Json.createObjectBuilder()
                .add("model", config.model() == null ? "" : config.model())
                .add("stream", true)
                .add("stream_options", Json.createObjectBuilder().add("include_usage", true))
                .add("messages", messages(request));
        if (!request.tools().isEmpty()) {
            JsonArrayBuilder tools = Json.createArrayBuilder();
            request.tools().forEach(t -> tools.add(tool(t)));
            b.add("tools", tools);
        }
        Integer max = request.options().maxOutputTokens() != null ? request.options().maxOutputTokens()
                : config.maxOutputTokens();
        if (max != null) {
            b.add("max_tokens", max);
        }
        if (request.options().temperature() != null) {
            b.add("temperature", request.options().temperature());
        }
        return JsonValues.text(b.build());
    }

    private static JsonObjectBuilder tool(ToolSpec t) {
        return Json.createObjectBuilder().add("type", "function").add("function", Json.createObjectBuilder()
                .add("name", t.name()).add("description", t.description()).add("parameters", t.inputSchema()));
    }

    private static JsonArrayBuilder messages(ModelRequest request) {
        JsonArrayBuilder a = Json.createArrayBuilder();
        if (request.system() != null && !request.system().isBlank()) {
            a.add(Json.createObjectBuilder().add("role", "system").add("content", request.system()));
        }
        for (ModelMessage m : request.messages()) {
            switch (m) {
                case ModelMessage.System s -> a.add(Json.createObjectBuilder().add("role", "system")
                        .add("content", s.text()));
                case ModelMessage.User u -> a.add(Json.createObjectBuilder().add("role", "user")
                        .add("content", userContent(u.content())));
                case ModelMessage.Assistant as -> a.add(assistant(as.content()));
                case ModelMessage.ToolResults r -> r.results().forEach(result -> a.add(Json.createObjectBuilder()
                        .add("role", "tool").add("tool_call_id", result.toolCallId())
                        .add("content", text(result.output()))));
            }
        }
        return a;
    }

    /** A plain string when the message is only text (every compatible server accepts that form). */
    private static JsonValue userContent(List<Content> content) {
        if (content.stream().allMatch(c -> c instanceof Content.Text)) {
            StringBuilder sb = new StringBuilder();
            content.forEach(c -> sb.append(((Content.Text) c).text()));
            return Json.createValue(sb.toString());
        }
        JsonArrayBuilder parts = Json.createArrayBuilder();
        for (Content c : content) {
            switch (c) {
                case Content.Text t -> parts.add(Json.createObjectBuilder().add("type", "text").add("text", t.text()));
                case Content.File f when f.mediaType().startsWith("image/") -> parts.add(Json.createObjectBuilder()
                        .add("type", "image_url").add("image_url", Json.createObjectBuilder().add("url", f.url())));
                case Content.File f -> parts.add(Json.createObjectBuilder().add("type", "file").add("file",
                        Json.createObjectBuilder().add("filename", f.filename() == null ? "file" : f.filename())
                                .add("file_data", f.url())));
                default -> {
                    // reasoning and tool content never appear in user messages
                }
            }
        }
        return parts.build();
    }

    /** Reasoning is not sent back: Chat Completions has no field for it. */
    private static JsonObjectBuilder assistant(List<Content> content) {
        StringBuilder text = new StringBuilder();
        JsonArrayBuilder calls = Json.createArrayBuilder();
        boolean hasCalls = false;
        for (Content c : content) {
            switch (c) {
                case Content.Text t -> text.append(t.text());
                case Content.ToolCall call -> {
                    hasCalls = true;
                    calls.add(Json.createObjectBuilder().add("id", call.id()).add("type", "function")
                            .add("function", Json.createObjectBuilder().add("name", call.name())
                                    .add("arguments", JsonValues.text(call.input()))));
                }
                default -> {
                }
            }
        }
        JsonObjectBuilder b = Json.createObjectBuilder().add("role", "assistant");
        if (text.isEmpty()) {
            b.addNull("content");
        } else {
            b.add("content", text.toString());
        }
        if (hasCalls) {
            b.add("tool_calls", calls);
        }
        return b;
    }

    public static String text(JsonValue output) {
        return output instanceof JsonString s ? s.getString() : JsonValues.text(output);
    }
}
