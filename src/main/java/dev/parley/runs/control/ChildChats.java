package dev.parley.runs.control;

import dev.parley.agent.AbortSignal;
import dev.parley.agent.SubAgent;
import dev.parley.agent.ToolContext;
import dev.parley.platform.Bodies;
import dev.parley.platform.Ids;
import dev.parley.platform.JsonValues;
import dev.parley.runs.entity.RunRow;
import dev.parley.sessions.entity.Session;
import dev.parley.streams.control.TurnTail;
import dev.parley.streams.entity.Io;
import dev.parley.streams.entity.NewRecord;
import dev.parley.streams.entity.StreamRecord;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Sub-agents of one run: a tool call becomes a message in a chat of the called agent's own (a child session, keyed by
 * this run's session and the tool call id, so a recovered run that repeats the call reuses it), answered by that
 * agent's own run. The answer streams back as preliminary tool output; an answer that ends in an error is asked for
 * again, up to {@code maxAttempts}; stopping the parent turn stops the child's turn.
 */
final class ChildChats implements SubAgent {

    static final String TAG = "sub-agent";
    private static final long PRELIMINARY_EVERY_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private final RunEngine e;
    private final RunRow parent;
    private final int maxAttempts;
    private final long answerMillis;

    ChildChats(RunEngine engine, RunRow parent, int maxAttempts, long answerMillis) {
        this.e = engine;
        this.parent = parent;
        this.maxAttempts = maxAttempts;
        this.answerMillis = answerMillis;
    }

    @Override
    public Object run(String agentId, String task, ToolContext context) throws Exception {
        if (e.registry.find(agentId).isEmpty()) {
            throw new IllegalArgumentException("There is no agent " + agentId + ".");
        }
        String chatId = "sub-" + parent.sessionId() + "-" + context.toolCallId().replaceAll("[^A-Za-z0-9_-]", "_");
        Session child = e.chatSessions.open(parent.environmentId(), chatId, agentId,
                List.of(TAG, "parent:" + parent.sessionFriendlyId()));
        String failure = null;
        for (int attempt = 1; attempt <= maxAttempts; attempt++) {
            Answer answer = ask(child, chatId, task, context);
            if (context.abort().aborted()) {
                throw new IllegalStateException("Stopped before the " + agentId + " agent finished.");
            }
            if (answer.error == null) {
                return JsonValues.PROVIDER.createObjectBuilder().add("agent", agentId).add("chatId", chatId)
                        .add("text", answer.text.toString()).build();
            }
            failure = answer.error;
        }
        throw new IllegalStateException("The " + agentId + " agent failed " + maxAttempts + " times: " + failure);
    }

    /** One message to the child and its answer, followed on the child's {@code .out}. */
    private Answer ask(Session child, String chatId, String task, ToolContext context) throws IOException, InterruptedException {
        long cursor = e.reader.nextSeq(child.id(), Io.OUT) - 1;
        String message = JsonValues.PROVIDER.createObjectBuilder().add("kind", "message").add("payload",
                JsonValues.PROVIDER.createObjectBuilder().add("chatId", chatId).add("trigger", "submit-message")
                        .add("message", JsonValues.PROVIDER.createObjectBuilder().add("id", "msg_" + Ids.random(20))
                                .add("role", "user").add("parts", JsonValues.PROVIDER.createArrayBuilder()
                                        .add(JsonValues.PROVIDER.createObjectBuilder().add("type", "text").add("text", task)))))
                .build().toString();
        long inSeq = e.runStartingAppend.append(child.id(), NewRecord.text(message, Ids.recordId()), null).seq();
        Answer answer = new Answer(context);
        AbortSignal stop = context.abort();
        // the stop is written off the thread that aborts (it may be the one delivering the parent's stop record)
        try (AbortSignal.Registration onStop = stop.onAbort(() -> e.executor.execute(() ->
                e.groupCommit.append(child.id(), Io.IN, NewRecord.text("{\"kind\":\"stop\"}", Ids.recordId()), null)))) {
            TurnTail.End end = e.turnTail.follow(child.id(), cursor, inSeq, answer, answerMillis);
            if (end != TurnTail.End.TURN_COMPLETE && answer.error == null) {
                answer.error = end == TurnTail.End.TIMED_OUT ? "no answer within " + answerMillis / 1000 + " s" : "its chat was closed";
            }
        }
        return answer;
    }

    /** Collects the child's answer and streams it to the parent's client as it grows. */
    private static final class Answer implements TurnTail.Sink {
        private final ToolContext context;
        final StringBuilder text = new StringBuilder();
        String error;
        private long lastPreliminary;

        Answer(ToolContext context) {
            this.context = context;
        }

        @Override
        public void chunk(String chunkJson) {
            if (!(Bodies.parse(chunkJson) instanceof JsonObject c) || !(c.get("type") instanceof JsonString type)) {
                return;
            }
            switch (type.getString()) {
                case "text-delta" -> {
                    text.append(c.getString("delta", ""));
                    long now = System.nanoTime();
                    if (now - lastPreliminary > PRELIMINARY_EVERY_NANOS) {
                        lastPreliminary = now;
                        context.preliminary(JsonValues.PROVIDER.createObjectBuilder().add("text", text.toString()).build());
                    }
                }
                case "error" -> error = c.getString("errorText", "error");
                default -> {
                }
            }
        }
    }
}
