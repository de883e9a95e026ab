package dev.parley.models.control;

import dev.parley.agent.model.Content;
import dev.parley.agent.model.ModelMessage;
import dev.parley.agent.model.ModelRequest;
import dev.parley.agent.model.ToolSpec;
import dev.parley.models.entity.ModelConfig;
import dev.parley.platform.JsonValues;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;

import java.util.ArrayList;
import java.util.List;

/**
 * The Messages request body. Roles must alternate, so consecutive messages of one role are merged (tool results
 * travel in a user message); system messages from the history join the top-level system prompt. With prompt
 * caching on, {@code cache_control} breakpoints go on the system prompt, the last tool and the last content block,
 * so each turn reads the previous turn's prefix from the cache (3 of the 4 breakpoints Anthropic allows).
 */
final class AnthropicRequests {

    static final int DEFAULT_MAX_TOKENS = 4096;
    private static final JsonObject EPHEMERAL = Json.createObjectBuilder().add("type", "ephemeral").build();

    private AnthropicRequests() {
    }

    static String body(ModelConfig config, ModelRequest request) {
        boolean caching = request.options().promptCaching() != null ? request.options().promptCaching()
                : config.promptCaching();
        Integer thinking = request.options().thinkingBudget();
        int max = request.options().maxOutputTokens() != null ? request.options().maxOutputTokens()
                : config.maxOutputTokens() != null ? config.maxOutputTokens() : DEFAULT_MAX_TOKENS;
        JsonObjectBuilder b = Json.createObjectBuilder()
                .add("model", config.model() == null ? "" : config.model())
                .add("max_tokens", thinking == null ? max : Math.max(max, thinking + 1024))
                .add("stream", true);
        JsonArray system = system(request, caching);
        if (!system.isEmpty()) {
            b.add("system", system);
        }
        b.add("messages", messages(request.messages(), caching));
        if (!request.tools().isEmpty()) {
            b.add("tools", tools(request.tools(), caching));
        }
        if (thinking != null) {
            b.add("thinking", Json.createObjectBuilder().add("type", "enabled").add("budget_tokens", thinking));
        } else if (request.options().temperature() != null) {
            b.add("temperature", request.options().temperature());
        }
        return JsonValues.text(b.build());
    }

    private static JsonArray system(ModelRequest request, boolean caching) {
        List<String> texts = new ArrayList<>();
        if (request.system() != null && !request.system().isBlank()) {
            texts.add(request.system());
        }
        request.messages().forEach(m -> {
            if (m instanceof ModelMessage.System s && !s.text().isBlank()) {
                texts.add(s.text());
            }
        });
        JsonArrayBuilder a = Json.createArrayBuilder();
        for (int i = 0; i < texts.size(); i++) {
            JsonObjectBuilder block = Json.createObjectBuilder().add("type", "text").add("text", texts.get(i));
            if (caching && i == texts.size() - 1) {
                block.add("cache_control", EPHEMERAL);
            }
            a.add(block);
        }
        return a.build();
    }

    private static JsonArrayBuilder tools(List<ToolSpec> specs, boolean caching) {
        JsonArrayBuilder a = Json.createArrayBuilder();
        for (int i = 0; i < specs.size(); i++) {
            ToolSpec t = specs.get(i);
            JsonObjectBuilder tool = Json.createObjectBuilder().add("name", t.name())
                    .add("description", t.description()).add("input_schema", t.inputSchema());
            if (caching && i == specs.size() - 1) {
                tool.add("cache_control", EPHEMERAL);
            }
            a.add(tool);
        }
        return a;
    }

    private record Turn(String role, List<JsonObject> blocks) {
    }

    private static JsonArrayBuilder messages(List<ModelMessage> messages, boolean caching) {
        List<Turn> turns = new ArrayList<>();
        for (ModelMessage m : messages) {
            switch (m) {
                case ModelMessage.System s -> { }
                case ModelMessage.User u -> add(turns, "user", u.content().stream().map(AnthropicRequests::block));
                case ModelMessage.Assistant a ->
                        add(turns, "assistant", a.content().stream().map(AnthropicRequests::block));
                case ModelMessage.ToolResults r -> add(turns, "user", r.results().stream().map(AnthropicRequests::block));
            }
        }
        JsonArrayBuilder out = Json.createArrayBuilder();
        for (int i = 0; i < turns.size(); i++) {
            Turn t = turns.get(i);
            JsonArrayBuilder content = Json.createArrayBuilder();
            for (int j = 0; j < t.blocks().size(); j++) {
                JsonObject block = t.blocks().get(j);
                boolean breakpoint = caching && i == turns.size() - 1 && j == t.blocks().size() - 1;
                content.add(breakpoint ? Json.createObjectBuilder(block).add("cache_control", EPHEMERAL).build()
                        : block);
            }
            out.add(Json.createObjectBuilder().add("role", t.role()).add("content", content));
        }
        return out;
    }

    private static void add(List<Turn> turns, String role, java.util.stream.Stream<JsonObject> blocks) {
        List<JsonObject> list = blocks.filter(b -> b != null).toList();
        if (list.isEmpty()) {
            return;
        }
        if (!turns.isEmpty() && turns.getLast().role().equals(role)) {
            turns.getLast().blocks().addAll(list);
        } else {
            turns.add(new Turn(role, new ArrayList<>(list)));
        }
    }

    /** Null for content Anthropic cannot take back (empty text, reasoning that lost its signature). */
    private static JsonObject block(Content c) {
        return switch (c) {
            case Content.Text t -> t.text().isEmpty() ? null
                    : Json.createObjectBuilder().add("type", "text").add("text", t.text()).build();
            case Content.File f -> file(f);
            case Content.Reasoning r -> r.redactedData() != null
                    ? Json.createObjectBuilder().add("type", "redacted_thinking").add("data", r.redactedData()).build()
                    : r.signature() == null ? null : Json.createObjectBuilder().add("type", "thinking")
                    .add("thinking", r.text()).add("signature", r.signature()).build();
            case Content.ToolCall call -> Json.createObjectBuilder().add("type", "tool_use").add("id", call.id())
                    .add("name", call.name())
                    .add("input", call.input() instanceof JsonObject o ? o : JsonValue.EMPTY_JSON_OBJECT).build();
            case Content.ToolResult r -> {
                JsonObjectBuilder b = Json.createObjectBuilder().add("type", "tool_result")
                        .add("tool_use_id", r.toolCallId()).add("content", OpenAiRequests.text(r.output()));
                yield (r.error() ? b.add("is_error", true) : b).build();
            }
        };
    }

    /** Images and PDFs as base64 (data: URLs) or by URL; other files are not supported by the API. */
    private static JsonObject file(Content.File f) {
        String type = f.mediaType().startsWith("image/") ? "image"
                : f.mediaType().equals("application/pdf") ? "document" : null;
        if (type == null) {
            return Json.createObjectBuilder().add("type", "text")
                    .add("text", "[attachment " + (f.filename() == null ? "" : f.filename()) + " (" + f.mediaType()
                            + ") omitted: unsupported by this model]").build();
        }
        JsonObjectBuilder source = Json.createObjectBuilder();
        int comma = f.url().indexOf(',');
        if (f.url().startsWith("data:") && comma > 0) {
            source.add("type", "base64").add("media_type", f.mediaType()).add("data", f.url().substring(comma + 1));
        } else {
            source.add("type", "url").add("url", f.url());
        }
        return Json.createObjectBuilder().add("type", type).add("source", source).build();
    }
}
