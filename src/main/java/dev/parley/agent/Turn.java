package dev.parley.agent;

import dev.parley.agent.message.FinishReason;
import dev.parley.agent.message.Role;
import dev.parley.agent.message.UIMessage;
import dev.parley.agent.message.UIMessageChunk;
import dev.parley.agent.model.ModelMessage;
import dev.parley.agent.model.Usage;
import jakarta.json.JsonValue;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * One turn as the agent sees it: the conversation so far (ending with the message to answer), the client's data,
 * a writer for UI message chunks, and the stop signal. Chunks written here reach the client's stream as they are
 * written; the turn's {@code start}/{@code finish} framing and its {@code turn-complete} are the runtime's job.
 */
public final class Turn {

    static final Jsonb JSONB = JsonbBuilder.create();

    private final String agentId;
    private final String chatId;
    private final String runId;
    private final int number;
    private final String messageId;
    private final List<UIMessage> messages;
    private final ChatHistory history;
    private final JsonValue clientData;
    private final ChatState state;
    private final Consumer<UIMessageChunk> sink;
    private final AbortSignal stop;
    private volatile Steering steering;
    private volatile SubAgent subAgents;
    private volatile ChatStore store;
    private volatile Queue<ModelMessage> injected = new ConcurrentLinkedQueue<>();
    private final DeferredWork deferred = new DeferredWork();
    private final AtomicInteger parts = new AtomicInteger();
    private volatile FinishReason finishReason = FinishReason.STOP;
    private volatile boolean endRun;
    private volatile boolean upgrade;
    private final Map<String, Usage> usageByModel = new LinkedHashMap<>();
    private volatile Compaction compaction;
    private volatile Compaction.HistoryCompacted compacted;

    public Turn(String agentId, String chatId, String runId, int number, String messageId, List<UIMessage> messages,
                JsonValue clientData, ChatState state, Consumer<UIMessageChunk> sink, AbortSignal stop) {
        this.agentId = agentId;
        this.chatId = chatId;
        this.runId = runId;
        this.number = number;
        this.messageId = messageId;
        this.messages = List.copyOf(messages);
        this.history = new ChatHistory(messages);
        this.clientData = clientData == null ? JsonValue.NULL : clientData;
        this.state = state;
        this.sink = sink;
        this.stop = stop;
    }

    public String agentId() {
        return agentId;
    }

    public String chatId() {
        return chatId;
    }

    public String runId() {
        return runId;
    }

    /** 1 for the run's first turn. */
    public int number() {
        return number;
    }

    /** The id of the assistant message this turn writes (sent in its {@code start} chunk). */
    public String messageId() {
        return messageId;
    }

    /** The conversation as the turn started, oldest first. */
    public List<UIMessage> messages() {
        return messages;
    }

    /** The run's conversation, editable ({@code chat.history}); edits apply to later turns and the snapshot. */
    public ChatHistory history() {
        return history;
    }

    public JsonValue clientData() {
        return clientData;
    }

    /** The client data read as {@code type} (already validated when the agent declares {@code clientData=type}). */
    public <T> T clientData(Class<T> type) {
        return JSONB.fromJson(clientData.toString(), type);
    }

    public ChatState state() {
        return state;
    }

    /**
     * The chat's shared state ({@code chat.store}): slots the agent and the chat's clients both read and write, stored
     * with the session; a change streams to the client as a {@code data-store} part of this turn's message.
     */
    public ChatStore store() {
        ChatStore s = store;
        if (s == null) {
            throw new IllegalStateException("the chat store needs the Parley runtime (this turn was built without it)");
        }
        return s;
    }

    /** The runtime's store for this turn. */
    public void store(ChatStore s) {
        this.store = s;
    }

    /** The newest user message's text; empty if there is none. */
    public String lastUserText() {
        for (int i = messages.size() - 1; i >= 0; i--) {
            if (messages.get(i).role() == Role.USER) {
                return messages.get(i).text();
            }
        }
        return "";
    }

    /** Writes one UI message chunk to the client's stream. */
    public void write(UIMessageChunk chunk) {
        sink.accept(chunk);
    }

    /** The chunk writer, for code that streams into a {@code Consumer<UIMessageChunk>}. */
    public Consumer<UIMessageChunk> writer() {
        return sink;
    }

    /**
     * Runs the model's multi-step tool loop for this turn: the conversation, this turn's message id and the stop
     * signal are filled in; its chunks stream to the client and its finish reason becomes the turn's.
     */
    public StreamResult stream(LanguageModel model, StreamRequest.Builder request) {
        Steering s = steering;
        if (s != null) {
            request.wrapPrepareMessages(own -> PrepareMessages.withReason((step, all, why) ->
                    s.inject(step, own == null ? all : own.prepare(step, all, why), sink)));
        }
        Queue<ModelMessage> queue = injected;
        List<ModelMessage> taken = new ArrayList<>(); // what this stream drained, kept for its later steps
        request.wrapPrepareMessages(own -> PrepareMessages.withReason((step, all, why) -> {
            List<ModelMessage> base = own == null ? all : own.prepare(step, all, why);
            for (ModelMessage m = queue.poll(); m != null; m = queue.poll()) {
                taken.add(m);
            }
            if (!taken.isEmpty()) {
                base = new ArrayList<>(base);
                base.addAll(taken);
            }
            return base;
        }));
        if (request.compaction() != null) {
            compaction = request.compaction();
            Compaction.HistoryCompacted done = history.compactIfDue(compaction, stop);
            compacted = done != null ? done : compacted;
        }
        List<UIMessage> input = compacted != null ? history.all() : messages; // a later call too: from the summary
        StreamResult result = model.streamText(request.agent(agentId).messages(input).messageId(messageId).abortOn(stop)
                .sendStart(false).sendFinish(false).build(), sink);
        finishReason = result.finishReason();
        addUsage(model.name(), result.usage());
        return result;
    }

    /**
     * Counts tokens a model spent for this turn. {@link #stream} counts its own; call this for a model the agent
     * calls itself (say, through {@code LanguageModel.streamText} for a summary), so the turn's usage is complete.
     */
    public void addUsage(String model, Usage usage) {
        if (usage != null) {
            synchronized (usageByModel) {
                usageByModel.merge(model, usage, Usage::plus);
            }
        }
    }

    /** The tokens this turn's model calls spent so far, all models together. */
    public Usage usage() {
        synchronized (usageByModel) {
            return usageByModel.values().stream().reduce(Usage.ZERO, Usage::plus);
        }
    }

    /** The tokens this turn spent per model name (for pricing: models cost differently). */
    public Map<String, Usage> usageByModel() {
        synchronized (usageByModel) {
            return Map.copyOf(usageByModel);
        }
    }

    /**
     * Another {@code @ChatAgent} as a tool the model can call: each call gives the agent the model's {@code task} as a
     * message in a chat of its own (a child session tagged with this chat's session, one per tool call), streams its
     * answer to the client as preliminary tool output, retries a failed answer once, and returns the answer's text to
     * the model. Stopping this turn stops the child's.
     */
    public Tool agentTool(String name, String description, String agentId) {
        SubAgent runner = subAgents;
        if (runner == null) {
            throw new IllegalStateException("sub-agents need the Parley runtime (this turn was built without it)");
        }
        return SubAgent.asTool(name, description, agentId, runner);
    }

    /** The runtime's sub-agent runner for this turn. */
    public void subAgents(SubAgent runner) {
        this.subAgents = runner;
    }

    /**
     * Work off the turn's critical path: it starts now on another thread while the turn goes on streaming, and the
     * turn does not complete (no {@code BEFORE_TURN_COMPLETE}, no {@code turn-complete}) until it has finished. For
     * side effects the answer does not wait for (analytics, an audit row, warming a cache for the next turn). A
     * deferred task that fails is logged with an error id and leaves the answer as it is; one still running when the
     * turn's time limit is reached is interrupted. Check {@link #stopSignal()} in long work, and write chunks from the
     * turn's own thread, not from deferred work. Nothing a reload of the chat shows may depend on it: it is not part
     * of the turn's records or snapshot.
     */
    public Future<?> defer(Runnable work) {
        return deferred.add(work);
    }

    /**
     * {@code chat.inject}: context for the model from the agent's own code (a deferred task's result, an event from
     * elsewhere), as a system message or a user message. It joins the model's input at the next model call of this
     * run — the next step of this turn's tool loop, or else the next turn's first call, after the idle wait — and
     * stays in the input for the rest of that turn's steps. It is not stored in the chat's history, so a reload does
     * not show it; the queue lives in the run's memory, so a suspension, a crash or a hand-off to a new run (endRun,
     * maxTurns, upgrade) drops what is still queued (keep what must survive in {@link #state()}).
     */
    public void inject(ModelMessage message) {
        if (!(message instanceof ModelMessage.System || message instanceof ModelMessage.User)) {
            throw new IllegalArgumentException("only system and user messages can be injected, not " + message);
        }
        injected.add(message);
    }

    /** The run's queue for {@link #inject}, shared by its turns (the runtime sets it; without it, this turn's own). */
    public void injectInto(Queue<ModelMessage> queue) {
        this.injected = queue;
    }

    /** The runtime's threads for {@link #defer}; without them deferred work runs when the turn settles it. */
    public void deferOn(Executor executor) {
        deferred.runOn(executor);
    }

    /**
     * Waits for every deferred task, running any that has not got a thread yet on this one (so turns that hold every
     * thread of a pool never wait for tasks queued behind them), and returns the failures. Interrupted (the turn's
     * time limit), it cancels what is left and keeps the interrupt.
     */
    public List<Throwable> settleDeferred() {
        return deferred.settle();
    }

    /** Turns on steering for this turn (the runtime does this for agents with {@code steering = true}). */
    public void steering(Steering s) {
        this.steering = s;
    }

    /**
     * Compacts the run's history now ({@link Compaction.Reason#REQUESTED}, e.g. a user's compact action): all but the
     * most recent messages become one summary, which the snapshot stores and later turns start from. Returns what
     * changed (the summary call's usage is recorded with the chat's), or null when there was nothing to fold.
     */
    public Compaction.HistoryCompacted compact(Compaction with) {
        Compaction.HistoryCompacted done = history.compact(with, Compaction.Reason.REQUESTED, stop);
        compacted = done != null ? done : compacted;
        return done;
    }

    /** The compaction this turn's {@link #stream} was given (the runtime applies it at the turn's end), or null. */
    public Compaction compaction() {
        return compaction;
    }

    /** What {@link #compact} did in this turn, for the runtime to record; null if nothing. Cleared on reading. */
    public Compaction.HistoryCompacted takeCompacted() {
        Compaction.HistoryCompacted done = compacted;
        compacted = null;
        return done;
    }

    /** Streams a text part: {@code text-start}, one {@code text-delta} per {@code append}, {@code text-end} on close. */
    public TextWriter text() {
        String id = "t" + parts.incrementAndGet();
        write(new UIMessageChunk.TextStart(id));
        return new TextWriter(id);
    }

    /** True once the client asked to stop (or the turn timed out / the session closed): return promptly. */
    public boolean stopped() {
        return stop.aborted();
    }

    /** The signal behind {@link #stopped()}, to hand to code that can be cancelled. */
    public AbortSignal stopSignal() {
        return stop;
    }

    /** The finish reason the turn reports (default {@code stop}; set by {@link #stream}). */
    public void finishReason(FinishReason reason) {
        this.finishReason = reason;
    }

    public FinishReason finishReason() {
        return finishReason;
    }

    /** End the run after this turn; the next message continues the chat in a new run. */
    public void endRun() {
        endRun = true;
    }

    /** Hand the chat to a new run (e.g. a newer deployment) after this turn. */
    public void requestUpgrade() {
        upgrade = true;
    }

    public boolean endRunRequested() {
        return endRun;
    }

    public boolean upgradeRequested() {
        return upgrade;
    }

    /** An open text part of this turn. */
    public final class TextWriter implements AutoCloseable {

        private final String id;

        private TextWriter(String id) {
            this.id = id;
        }

        public void append(String delta) {
            write(new UIMessageChunk.TextDelta(id, delta));
        }

        @Override
        public void close() {
            write(new UIMessageChunk.TextEnd(id));
        }
    }
}
