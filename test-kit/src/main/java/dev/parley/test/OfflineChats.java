package dev.parley.test;

import dev.parley.agent.Agent;
import dev.parley.agent.ChatAgent;
import dev.parley.agent.LanguageModel;
import dev.parley.agent.Models;
import dev.parley.agent.SubAgent;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Opens offline chats with agents, after being told what the agents' {@code @Inject} fields get: fakes by type
 * ({@link #inject}), scripted models ({@link #model}, injected wherever {@link Models} is asked for), a stand-in for
 * sub-agents. A test gets one from {@link OfflineAgentTest}'s extension; the chats it opened close after the test.
 */
public final class OfflineChats implements ExtensionContext.Store.CloseableResource {

    private final Map<Class<?>, Object> fakes = new LinkedHashMap<>();
    private final List<LanguageModel> models = new ArrayList<>();
    private final List<TestChat> opened = new ArrayList<>();
    private SubAgent subAgent = (agentId, task, context) -> {
        throw new IllegalStateException("No sub-agent " + agentId + " offline: give one with OfflineChats.subAgent(…)");
    };
    private JsonObject triggerConfig = JsonObject.EMPTY_JSON_OBJECT;

    /** Fields annotated {@code @Inject} whose type {@code fake} is assignable to get it. */
    public <T> OfflineChats inject(Class<T> type, T fake) {
        fakes.put(type, fake);
        return this;
    }

    /** The models the agent's {@code Models} offers; the first is the default unless one is named {@code default}. */
    public OfflineChats model(LanguageModel... scripted) {
        models.addAll(List.of(scripted));
        return this;
    }

    /** What a sub-agent tool call ({@code turn.agentTool}) answers offline. */
    public OfflineChats subAgent(SubAgent answer) {
        this.subAgent = answer;
        return this;
    }

    /**
     * The session's trigger config as a client would send it: {@code idleTimeoutInSeconds}, {@code maxDuration},
     * {@code maxAttempts}.
     */
    public OfflineChats triggerConfig(JsonObject config) {
        this.triggerConfig = config;
        return this;
    }

    /** A new chat with an agent; nothing runs until the first message. */
    public TestChat open(Class<? extends Agent> agent) {
        if (agent.getAnnotation(ChatAgent.class) == null) {
            throw new IllegalArgumentException(agent.getName() + " is not annotated @ChatAgent");
        }
        Map<Class<?>, Object> all = new LinkedHashMap<>(fakes);
        if (!models.isEmpty()) {
            all.putIfAbsent(Models.class, Models.of(models.toArray(LanguageModel[]::new)));
        }
        String payload = Json.createObjectBuilder(triggerConfig).build().toString();
        TestChat chat = new TestChat("chat-" + (opened.size() + 1), agent, Fakes.create(agent, all), payload, subAgent);
        opened.add(chat);
        return chat;
    }

    @Override
    public void close() {
        opened.forEach(TestChat::shutdown);
    }
}
