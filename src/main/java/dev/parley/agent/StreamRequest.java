package dev.parley.agent;

import dev.parley.agent.message.UIMessage;
import dev.parley.platform.Ids;
import dev.parley.skills.control.SkillTools;
import jakarta.json.JsonValue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Everything one turn of the tool loop needs. {@code messages} is the chat history; when its last message is the
 * assistant's (an approval decision or a client-side tool result was merged into it), the turn continues that
 * message instead of starting a new one. {@code maxSteps} bounds the model calls of one turn (default 10).
 */
public final class StreamRequest {

    public static final int DEFAULT_MAX_STEPS = 10;

    private final String system;
    private final List<UIMessage> messages;
    private final Tools tools;
    private final int maxSteps;
    private final AbortSignal abort;
    private final ModelOptions options;
    private final String messageId;
    private final JsonValue messageMetadata;
    private final PrepareMessages prepareMessages;
    private final Compaction compaction;
    private final boolean sendStart;
    private final boolean sendFinish;

    private StreamRequest(Builder b) {
        if (b.skills.isEmpty()) {
            this.system = b.system;
            this.tools = b.tools;
        } else {
            SkillTools skills = new SkillTools(b.skills, SkillTools.configuredFor(b.agentId));
            this.system = skills.system(b.system);
            this.tools = b.tools.with(skills.tools().toArray(Tool[]::new));
        }
        this.messages = List.copyOf(b.messages);
        this.maxSteps = b.maxSteps;
        this.abort = b.abort;
        this.options = b.options;
        this.messageId = b.messageId != null ? b.messageId : "msg_" + Ids.random(16);
        this.messageMetadata = b.messageMetadata;
        this.prepareMessages = b.prepareMessages;
        this.compaction = b.compaction;
        this.sendStart = b.sendStart;
        this.sendFinish = b.sendFinish;
    }

    public static Builder builder() {
        return new Builder();
    }

    public String system() {
        return system;
    }

    public List<UIMessage> messages() {
        return messages;
    }

    public Tools tools() {
        return tools;
    }

    public int maxSteps() {
        return maxSteps;
    }

    public AbortSignal abort() {
        return abort;
    }

    public ModelOptions options() {
        return options;
    }

    /** The id of a new assistant message (a continuation keeps the continued message's id). */
    public String messageId() {
        return messageId;
    }

    public JsonValue messageMetadata() {
        return messageMetadata;
    }

    public PrepareMessages prepareMessages() {
        return prepareMessages;
    }

    public Compaction compaction() {
        return compaction;
    }

    public boolean sendStart() {
        return sendStart;
    }

    public boolean sendFinish() {
        return sendFinish;
    }

    public static final class Builder {
        private String system;
        private List<UIMessage> messages = List.of();
        private Tools tools = Tools.NONE;
        private int maxSteps = DEFAULT_MAX_STEPS;
        private AbortSignal abort = new AbortSignal();
        private ModelOptions options = ModelOptions.DEFAULTS;
        private String messageId;
        private JsonValue messageMetadata;
        private PrepareMessages prepareMessages;
        private Compaction compaction;
        private boolean sendStart = true;
        private boolean sendFinish = true;
        private final List<Skill> skills = new ArrayList<>();
        private String agentId;

        private Builder() {
        }

        public Builder system(String text) {
            this.system = text;
            return this;
        }

        public Builder system(Prompt prompt, Map<String, ?> variables) {
            this.system = prompt.render(variables);
            return this;
        }

        public Builder messages(List<UIMessage> history) {
            this.messages = Objects.requireNonNull(history, "messages");
            return this;
        }

        public Builder tools(Tools offered) {
            this.tools = Objects.requireNonNull(offered, "tools");
            return this;
        }

        public Builder tools(Tool... offered) {
            return tools(Tools.of(offered));
        }

        /**
         * Offers skills: their one-line summaries follow the system prompt, and the tools {@code loadSkill},
         * {@code readFile} and (when the deployment allows a command) {@code runCommand} join the tools.
         */
        public Builder skills(Skill... offered) {
            this.skills.addAll(List.of(offered));
            return this;
        }

        /** The agent whose deployment configuration decides what its skills may run ({@link Turn#stream} sets it). */
        Builder agent(String id) {
            this.agentId = id;
            return this;
        }

        public Builder maxSteps(int steps) {
            if (steps < 1) {
                throw new IllegalArgumentException("maxSteps must be at least 1");
            }
            this.maxSteps = steps;
            return this;
        }

        public Builder abortOn(AbortSignal signal) {
            this.abort = Objects.requireNonNull(signal, "abort");
            return this;
        }

        public Builder options(ModelOptions o) {
            this.options = Objects.requireNonNull(o, "options");
            return this;
        }

        public Builder messageId(String id) {
            this.messageId = id;
            return this;
        }

        /** Sent with the {@code start} chunk. */
        public Builder messageMetadata(JsonValue metadata) {
            this.messageMetadata = metadata;
            return this;
        }

        public Builder prepareMessages(PrepareMessages hook) {
            this.prepareMessages = hook;
            return this;
        }

        /** Wraps whatever prepareMessages hook is set (possibly none), e.g. to inject steering messages. */
        public Builder wrapPrepareMessages(java.util.function.UnaryOperator<PrepareMessages> wrap) {
            this.prepareMessages = wrap.apply(this.prepareMessages);
            return this;
        }

        /**
         * Keeps the history under {@code c}'s threshold: inside this loop, and (given to {@code Turn.stream}) in the
         * stored history, which is compacted at the turn's end and before its model call when it reached the threshold.
         */
        public Builder compaction(Compaction c) {
            this.compaction = c;
            return this;
        }

        Compaction compaction() {
            return compaction;
        }

        /** False when the caller writes its own {@code start} chunk (e.g. to merge several streams). */
        public Builder sendStart(boolean send) {
            this.sendStart = send;
            return this;
        }

        /** False when the caller writes its own {@code finish} chunk. */
        public Builder sendFinish(boolean send) {
            this.sendFinish = send;
            return this;
        }

        public StreamRequest build() {
            return new StreamRequest(this);
        }
    }
}
