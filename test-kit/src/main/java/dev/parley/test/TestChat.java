package dev.parley.test;

import dev.parley.agent.Agent;
import dev.parley.agent.ChatState;
import dev.parley.agent.ChatStore;
import dev.parley.agent.Compaction;
import dev.parley.agent.Hook;
import dev.parley.agent.Lifecycle;
import dev.parley.agent.SubAgent;
import dev.parley.agent.message.Role;
import dev.parley.agent.message.ToolState;
import dev.parley.agent.message.UIMessage;
import dev.parley.agent.message.UIMessageChunk;
import dev.parley.agent.message.UIPart;
import dev.parley.agent.model.Usage;
import dev.parley.agents.control.AgentDescriptor;
import dev.parley.agents.control.HookDispatch;
import dev.parley.agents.control.TurnPhases;
import dev.parley.agents.control.TypedPayloads;
import dev.parley.chat.control.ChunkCodec;
import dev.parley.platform.Ids;
import dev.parley.runs.control.OfflineSession;
import dev.parley.sessions.entity.RunStatus;
import dev.parley.store.entity.StoredSlot;
import jakarta.json.JsonValue;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * One chat with an agent, run offline by Parley's own turn loop: what a client sends ({@link #send}, {@link #stop},
 * {@link #approve}, {@link #toolResult}, {@link #action}, {@link #close}), the passage of time ({@link #idle}), and
 * what a test asserts on — the chunks each turn streamed, the hooks that fired, the history, state and runs. Each
 * sending method waits until the agent has answered, up to {@link #timeout(Duration)} (30 s unless set).
 */
public final class TestChat {

    private static final Jsonb JSONB = JsonbBuilder.create();

    private final String chatId;
    private final ChatInput in;
    private final OfflineSession session;
    private final OfflineStore store = new OfflineStore();
    private final QuietExecutor executor = new QuietExecutor();
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "offline-timers");
        t.setDaemon(true);
        return t;
    });
    private final List<Lifecycle> moments = new ArrayList<>();
    private Duration timeout = Duration.ofSeconds(30); // a deadline only: a cold JVM on a busy machine may need seconds

    TestChat(String chatId, Class<? extends Agent> type, Agent agent, String payload, SubAgent subAgent) {
        this.chatId = chatId;
        this.in = new ChatInput(chatId);
        AgentDescriptor descriptor = AgentDescriptor.of(type);
        TypedPayloads payloads = new TypedPayloads();
        this.session = new OfflineSession(chatId, descriptor, agent, payload, new OfflineSession.Agents() {
            @Override
            public void reach(Lifecycle moment, AgentDescriptor a) throws Exception {
                synchronized (moments) {
                    moments.add(moment);
                }
                HookDispatch.runHooks(a, agent, moment);
            }

            @Override
            public void checkPayload(String what, JsonValue value, Class<?> t) {
                payloads.check(what, value, t);
            }
        }, subAgent, store, executor, scheduler);
    }

    /** How long a sending method waits for the agent. */
    public TestChat timeout(Duration wait) {
        this.timeout = wait;
        return this;
    }

    /** The user says {@code text}; returns when the turn has completed. */
    public TestChat send(String text) {
        return send(UIMessage.user("msg_" + Ids.random(12), text), null);
    }

    /** A user message with client data ({@code metadata}: what {@code @ChatAgent(clientData=…)} declares). */
    public TestChat send(String text, JsonValue clientData) {
        return send(UIMessage.user("msg_" + Ids.random(12), text), clientData);
    }

    public TestChat send(UIMessage message, JsonValue clientData) {
        return sendWithoutWaiting(message, clientData).awaitQuiet();
    }

    /** Sends and returns at once: for a {@link #stop()} while the turn streams. */
    public TestChat sendWithoutWaiting(UIMessage message, JsonValue clientData) {
        session.append(in.submit(message, clientData));
        return this;
    }

    /** The stop button: ends the streaming turn, not the chat. */
    public TestChat stop() {
        session.append(ChatInput.stop());
        return awaitQuiet();
    }

    /** An action ({@code @ChatAgent(actions=…)}), answered by the agent's {@code ACTION} hook. */
    public TestChat action(JsonValue action) {
        return action(action, null);
    }

    /** An action with client data: an agent that declares {@code clientData} refuses an action without it. */
    public TestChat action(JsonValue action, JsonValue clientData) {
        session.append(in.action(action, clientData));
        return awaitQuiet();
    }

    /** Asks for the last answer again. */
    public TestChat regenerate() {
        session.append(in.regenerate(lastAnswer().id()));
        return awaitQuiet();
    }

    /** The user approves the tool call waiting for approval; the turn goes on and runs the tool. */
    public TestChat approve(String toolCallId) {
        return approve(toolCallId, null);
    }

    /** An approval sent with client data, as a client of an agent that declares {@code clientData} sends it. */
    public TestChat approve(String toolCallId, JsonValue clientData) {
        return respond(toolCallId, tool -> tool.state() == ToolState.APPROVAL_REQUESTED,
                tool -> tool.withState(ToolState.APPROVAL_RESPONDED)
                        .withApproval(new UIPart.Approval(tool.approval().id(), true, null)), clientData);
    }

    public TestChat deny(String toolCallId, String reason) {
        return deny(toolCallId, reason, null);
    }

    public TestChat deny(String toolCallId, String reason, JsonValue clientData) {
        return respond(toolCallId, tool -> tool.state() == ToolState.APPROVAL_REQUESTED,
                tool -> tool.withState(ToolState.APPROVAL_RESPONDED)
                        .withApproval(new UIPart.Approval(tool.approval().id(), false, reason)), clientData);
    }

    /** The client answers a client-side tool call with {@code output}; the turn goes on with it. */
    public TestChat toolResult(String toolCallId, JsonValue output) {
        return toolResult(toolCallId, output, null);
    }

    public TestChat toolResult(String toolCallId, JsonValue output, JsonValue clientData) {
        return respond(toolCallId, tool -> tool.state() == ToolState.INPUT_AVAILABLE,
                tool -> tool.withOutput(ToolState.OUTPUT_AVAILABLE, output, null), clientData);
    }

    /**
     * A client changes the chat store's {@code slot} with a JSON Patch (RFC 6902), or deletes it, as the store routes
     * do: the same checks (an {@link IllegalArgumentException} with the route's error text for a refused change, or a
     * delete of an empty slot, nothing changed) and a transient {@code data-store} chunk in {@link #chunks()}.
     */
    public TestChat patchStore(String slot, String jsonPatch) {
        StoredSlot changed = store.patch(slot, jsonPatch);
        session.appendOut(ChunkCodec.toJsonText(StoredSlot.chunk(slot, changed.version(), changed.value(), true)));
        return this;
    }

    public TestChat deleteStore(String slot) {
        session.appendOut(ChunkCodec.toJsonText(store.clientDelete(slot)));
        return this;
    }

    /** The chat store's {@code slot} read as {@code type}, as the agent reads it; empty if never written. */
    public <T> Optional<T> store(String slot, Class<T> type) {
        ChatStore.Versioned v = store.read(slot);
        return v == null ? Optional.empty() : Optional.of(JSONB.fromJson(v.value().toString(), type));
    }

    /** The version of the chat store's {@code slot}: how many writes it has had (0: never written). */
    public long storeVersion(String slot) {
        ChatStore.Versioned v = store.read(slot);
        return v == null ? 0 : v.version();
    }

    /** The chat is closed: the run ends. */
    public TestChat close() {
        session.append(in.close());
        return awaitQuiet();
    }

    /** The run's idle timeout passes: it suspends (its state and history stored); the next message resumes it. */
    public TestChat idle() {
        if (!session.idleTimeout()) {
            throw new IllegalStateException("no run is waiting (status " + session.status() + ")");
        }
        return awaitQuiet();
    }

    /**
     * A new build is deployed with application version {@code version} (docs/runs.md, "Versions"): a suspended run
     * the next message wakes ends as an upgrade and a new run (reason {@code UPGRADE}) answers on this version, unless
     * the agent sets {@code resumesAcrossVersions}. The kit's version is otherwise the digest of the agent's classes.
     */
    public TestChat redeploy(String version) {
        session.redeploy(version);
        return this;
    }

    /**
     * The node running the chat dies, mid-turn or not: nothing more the run writes lands, and a recovery run
     * ({@code RECOVERY_BOOT}, with the partial answer the crash left) answers what was not answered.
     */
    public TestChat crash() {
        session.crash();
        return awaitQuiet();
    }

    /** From now on this node has lost the run (another node recovered it): its writes are refused. */
    public TestChat loseLease() {
        session.loseLease();
        return this;
    }

    /** Waits until the agent is done with everything sent so far. */
    public TestChat awaitQuiet() {
        try {
            executor.awaitQuiet(timeout);
        } catch (TimeoutException e) {
            throw new AssertionError(e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
        return this;
    }

    /** Waits until a chunk matching {@code which} has been written (e.g. the first text delta, to stop after it). */
    public TestChat awaitChunk(Predicate<UIMessageChunk> which) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (chunks().stream().noneMatch(which)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no such chunk within " + timeout.toMillis() + " ms; written: " + chunks());
            }
            LockSupport.parkNanos(1_000_000); // chunks land from the run's threads; look again shortly
        }
        return this;
    }

    /** Every chunk written to the chat's output, in order, across turns (the open turn's too). */
    public List<UIMessageChunk> chunks() {
        return ChatOutput.chunks(session.out());
    }

    /** The chunks of each completed turn (closed by its {@code turn-complete}), as the client's reader splits them. */
    public List<List<UIMessageChunk>> turns() {
        return ChatOutput.turns(session.out());
    }

    /** The chunks of the last completed turn. */
    public List<UIMessageChunk> lastTurn() {
        List<List<UIMessageChunk>> all = turns();
        if (all.isEmpty()) {
            throw new AssertionError("no turn has completed; written so far: " + chunks());
        }
        return all.getLast();
    }

    /** The conversation as stored after the last turn. */
    public List<UIMessage> history() {
        return session.history();
    }

    /** The last assistant message in the history. */
    public UIMessage lastAnswer() {
        return history().reversed().stream().filter(m -> m.role() == Role.ASSISTANT).findFirst()
                .orElseThrow(() -> new AssertionError("the chat has no answer yet"));
    }

    /** The tool calls of the whole conversation, in order. */
    public List<UIPart.Tool> toolCalls() {
        return history().stream().flatMap(m -> m.parts().stream())
                .filter(UIPart.Tool.class::isInstance).map(UIPart.Tool.class::cast).toList();
    }

    /**
     * The compactions of the history, oldest first, as the chat recorded them with its turns and actions: why, the
     * history before and after (messages, estimated tokens), the summary call's usage.
     */
    public List<Compaction.HistoryCompacted> compactions() {
        return session.compactions();
    }

    /** The tokens the chat spent so far, as the server adds them up: its turns and its compactions' summaries. */
    public Usage totalUsage() {
        return session.totalUsage();
    }

    /** The run's state ({@code turn.state()}), read as {@code type}; null if none was set. */
    public <T> T state(Class<T> type) {
        return new ChatState(session.state()).get(type);
    }

    /** The lifecycle moments reached, in order (each ran the agent's hooks for it). */
    public List<Lifecycle> moments() {
        synchronized (moments) {
            return List.copyOf(moments);
        }
    }

    /** The hooks that fired, in order. */
    public List<Hook> hooks() {
        return moments().stream().map(TurnPhases::hookOf).toList();
    }

    /** The chat's runs, oldest first: why each started, whether it was resumed, how it ended. */
    public List<Run> runs() {
        return session.runs().stream().map(r -> new Run(r.runId(), r.reason().name(), r.resumed(),
                r.status() == null ? null : Status.valueOf(r.status().name()), r.endReason(), r.appVersion())).toList();
    }

    /** The status of the chat's current run (null before the first message). */
    public Status status() {
        RunStatus s = session.status();
        return s == null ? null : Status.valueOf(s.name());
    }

    /** A run's state, as on the server (docs/runs.md). */
    public enum Status { PENDING, BOOTING, STREAMING, WAITING, SUSPENDED, COMPLETED, FAILED, CANCELED, CRASHED, TIMED_OUT }

    /**
     * One run of the chat: its id, why it started ({@code INITIAL}, {@code CONTINUATION}, {@code UPGRADE},
     * {@code RECOVERY}, …), whether it was resumed after a suspension, its state, why it ended (null while live) and
     * the application version that started it.
     */
    public record Run(String runId, String reason, boolean resumed, Status status, String endReason, String appVersion) {
    }

    public String chatId() {
        return chatId;
    }

    void shutdown() {
        executor.shutdown();
        scheduler.shutdownNow();
    }

    private TestChat respond(String toolCallId, Predicate<UIPart.Tool> waiting, UnaryOperator<UIPart.Tool> answer,
                             JsonValue clientData) {
        return send(ChatInput.answered(lastAnswer(), toolCallId, waiting, answer), clientData);
    }
}
