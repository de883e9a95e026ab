package dev.parley.agent.model;

import dev.parley.agent.ModelOptions;
import java.util.List;

/** One model call: system prompt (may be null), the conversation, the tools on offer, and options. */
public record ModelRequest(String system, List<ModelMessage> messages, List<ToolSpec> tools, ModelOptions options) {

    public ModelRequest {
        messages = List.copyOf(messages);
        tools = tools == null ? List.of() : List.copyOf(tools);
        options = options == null ? ModelOptions.DEFAULTS : options;
    }

    public ModelRequest(String system, List<ModelMessage> messages) {
        this(system, messages, List.of(), ModelOptions.DEFAULTS);
    }
}
