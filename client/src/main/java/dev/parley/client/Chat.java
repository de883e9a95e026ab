package dev.parley.client;

import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;

/**
 * One conversation with an agent, addressed by its chat id (the session's {@code externalId}); what the official
 * {@code AgentChat} is for Node. Every method may be called from any thread. The chat keeps the {@code .out} cursor
 * of the last turn boundary it passed ({@link #lastEventId()}, persist it to resume elsewhere) and, when it works
 * with a session token rather than the secret key, the token the last turn-complete rotated in.
 */
public final class Chat implements AutoCloseable {

    private final ParleyClient client;
    private final Requests requests;
    private final String agent;
    private final String id;
    private final JsonObject clientData;
    private final JsonObject metadata;
    private final List<String> tags;
    private final Set<Reply> open = ConcurrentHashMap.newKeySet();
    private volatile String token;
    private volatile String publicAccessToken;
    private volatile boolean started;
    /** Requests go with the session token, which each turn-complete may replace. */
    private final boolean rotates;
    private long cursor;
    /** The session-in-event-id of the boundary at {@link #cursor}; {@link Long#MIN_VALUE} when not known. */
    private long cursorInSeq;
    /** {@code .in} seqs this chat appended that start no turn (stops): no turn output can belong to them. */
    private final NavigableSet<Long> quiet = new ConcurrentSkipListSet<>();

    Chat(ParleyClient client, Requests requests, ParleyClient.ChatBuilder b) {
        this.client = client;
        this.requests = requests;
        this.agent = b.agent;
        this.id = b.id == null ? "chat-" + UUID.randomUUID() : b.id;
        this.clientData = b.clientData;
        this.metadata = b.metadata;
        this.tags = List.copyOf(b.tags);
        this.token = b.token == null ? client.credential() : b.token;
        this.cursor = b.lastEventId;
        this.cursorInSeq = Long.MIN_VALUE;
        this.started = b.token != null;
        this.rotates = b.token != null || !client.usesSecretKey();
    }

    public String id() {
        return id;
    }

    public String agent() {
        return agent;
    }

    /**
     * Creates the session, or finds it: {@code POST /api/v1/sessions} is idempotent on the chat id, so this is safe
     * to call again (each call returns a fresh session token and makes sure a run is live).
     */
    public SessionInfo start() {
        JsonObjectBuilder base = json().object().add("trigger", "preload").add("chatId", id);
        if (clientData != null) {
            base.add("metadata", clientData);
        }
        JsonObjectBuilder body = json().object().add("type", "chat.agent").add("externalId", id).add("taskIdentifier", agent)
                .add("triggerConfig", json().object().add("basePayload", base).add("tags", json().array().add("chat:" + id)));
        if (metadata != null) {
            body.add("metadata", metadata);
        }
        if (!tags.isEmpty()) {
            var t = json().array();
            tags.forEach(t::add);
            body.add("tags", t);
        }
        HttpResponse<String> r = requests.send("starting chat " + id, "POST", "/api/v1/sessions", body.build().toString(),
                token, Map.of(), true);
        JsonObject o = json().objectOrNull(r.body());
        if (o == null || !(o.get("id") instanceof JsonString sid)) {
            throw ParleyException.protocol("starting chat " + id + ": unexpected answer " + r.body());
        }
        SessionInfo info = new SessionInfo(sid.getString(), string(o, "externalId"), string(o, "runId"),
                string(o, "publicAccessToken"), o.getBoolean("isCached", r.statusCode() == 200), o);
        publicAccessToken = info.publicAccessToken();
        if (rotates && info.publicAccessToken() != null) {
            token = info.publicAccessToken();
        }
        synchronized (this) {
            if (!info.cached() && cursor < 0) {
                cursorInSeq = -1; // a new session: nothing on either channel yet
            }
        }
        started = true;
        return info;
    }

    /** Sends a user message and answers its reply; the reply is read from {@code .out} once it is first consumed. */
    public Reply send(String text) {
        return send(text, null);
    }

    /** As {@link #send(String)}, with per-message metadata merged over the chat's client data. */
    public Reply send(String text, JsonObject messageMetadata) {
        JsonObject message = json().object().add("id", "msg-" + UUID.randomUUID()).add("role", "user")
                .add("parts", json().array().add(json().object().add("type", "text").add("text", text))).build();
        return sendMessage(message, messageMetadata);
    }

    /** Sends a whole UI message ({@code {id, role, parts}}), e.g. an assistant message carrying tool approvals. */
    public Reply sendMessage(JsonObject uiMessage, JsonObject messageMetadata) {
        return turn("sending a message", payload("submit-message", messageMetadata).add("message", uiMessage));
    }

    /**
     * A message for the turn that is streaming now. An agent with steering takes it in at its next step, and the
     * returned reply is that turn; any other agent answers it as the next turn. Either way nothing is lost.
     */
    public Reply steer(String text) {
        return send(text);
    }

    /** Asks the agent to answer its last message again. */
    public Reply regenerate() {
        return turn("regenerating", payload("regenerate-message", null));
    }

    /** Sends an action (e.g. {@code {"type":"undo"}}) to the agent's action handler; its output is the reply. */
    public Reply action(JsonObject action) {
        return turn("sending an action", payload("action", null).add("action", action));
    }

    /** Asks the agent to stop the turn in progress; its reply ends promptly. Answers the stop record's {@code .in} seq. */
    public long stop() {
        long seq = append("stopping", json().object().add("kind", "stop").build());
        if (seq >= 0) {
            quiet.add(seq);
            while (quiet.size() > 64) {
                quiet.pollFirst();
            }
        }
        return seq;
    }

    /** Ends the agent's run ({@code trigger: "close"}); the session stays open and the next message starts a new run. */
    public void endRun() {
        append("ending the run", json().object().add("kind", "message")
                .add("payload", json().object().add("chatId", id).add("trigger", "close")).build());
    }

    /**
     * The turn in flight after {@link #lastEventId()}, e.g. after a restart with a persisted cursor; a reply with no
     * chunks (and no end) when the chat is settled.
     */
    public Reply resume() {
        long from;
        synchronized (this) {
            from = cursor;
        }
        return new Reply(this, -1, new OutStream(requests, channel("out"), () -> token, client.options(), from, true), false);
    }

    /** Closes the session for good (secret key only): later sends fail with {@code session_closed}. */
    public JsonObject closeSession(String reason) {
        JsonObjectBuilder body = json().object();
        if (reason != null) {
            body.add("reason", reason);
        }
        HttpResponse<String> r = requests.send("closing chat " + id, "POST", "/api/v1/sessions/" + segment(id) + "/close",
                body.build().toString(), token, Map.of(), true);
        return json().objectOrNull(r.body());
    }

    /**
     * Ends the current run and starts a new one on the same session (secret key only); answers the new run's id.
     * {@code reason} is recorded on the new run ({@code upgrade}, {@code continuation} or {@code manual}).
     */
    public String endAndContinue(String reason) {
        HttpResponse<String> s = requests.send("reading chat " + id, "GET", "/api/v1/sessions/" + segment(id), null, token,
                Map.of(), true);
        String current = string(json().objectOrNull(s.body()), "currentRunId");
        if (current == null) {
            throw ParleyException.protocol("chat " + id + " has no current run to end");
        }
        String body = json().object().add("callingRunId", current).add("reason", reason).build().toString();
        HttpResponse<String> r = requests.send("ending and continuing chat " + id, "POST",
                "/api/v1/sessions/" + segment(id) + "/end-and-continue", body, token, Map.of(), false);
        return string(json().objectOrNull(r.body()), "runId");
    }

    /** The chat's shared state: slots the agent and its clients both read and write. */
    public ChatStore store() {
        return new ChatStore(requests, id, () -> token);
    }

    /** The {@code .out} seq of the last turn boundary this chat passed; -1 before any. */
    public synchronized long lastEventId() {
        return cursor;
    }

    /** The newest session token seen (from {@link #start()} or a turn-complete), for handing to a browser; may be null. */
    public String publicAccessToken() {
        return publicAccessToken;
    }

    /** Stops reading every open reply of this chat (the session itself stays as it is: see {@link #closeSession}). */
    @Override
    public void close() {
        for (Reply r : open) {
            r.close();
        }
    }

    private Reply turn(String what, JsonObjectBuilder payload) {
        if (!started && client.usesSecretKey()) {
            start();
        }
        // the cursor before the append: a boundary that answers this message cannot lie before it, whereas a
        // concurrent reply could move the cursor past that boundary between the append and a later look
        long from;
        long boundaryInSeq;
        synchronized (this) {
            from = cursor;
            boundaryInSeq = cursorInSeq;
        }
        long seq = append(what, json().object().add("kind", "message").add("payload", payload).build());
        boolean gated = !answeredUpTo(boundaryInSeq, seq);
        return new Reply(this, seq, new OutStream(requests, channel("out"), () -> token, client.options(), from, false), gated);
    }

    private JsonObjectBuilder payload(String trigger, JsonObject messageMetadata) {
        JsonObjectBuilder p = json().object().add("chatId", id).add("trigger", trigger);
        if (clientData != null || messageMetadata != null) {
            JsonObjectBuilder m = json().object();
            if (clientData != null) {
                clientData.forEach(m::add);
            }
            if (messageMetadata != null) {
                messageMetadata.forEach(m::add);
            }
            p.add("metadata", m);
        }
        return p;
    }

    /** Appends one record to {@code .in}; retried safely under one {@code X-Part-Id}. Answers its seq (-1 if unknown). */
    long append(String what, JsonObject record) {
        String partId = UUID.randomUUID().toString();
        HttpResponse<String> r = requests.send(what + " to chat " + id, "POST", channel("in") + "/append",
                record.toString(), token, Map.of("X-Part-Id", partId), true);
        JsonObject o = json().objectOrNull(r.body());
        if (o != null && o.get("seq") instanceof JsonNumber n) {
            return n.longValue();
        }
        // a retry whose first attempt had landed: the server answers without a seq, so find the record by its part id
        return seqOfPart(partId);
    }

    private long seqOfPart(String partId) {
        HttpResponse<String> r = requests.send("finding a sent record of chat " + id, "GET", channel("in") + "/records",
                null, token, Map.of(), true);
        JsonObject o = json().objectOrNull(r.body());
        if (o != null && o.get("records") instanceof JsonArray records) {
            for (JsonValue v : records) {
                if (v instanceof JsonObject rec && partId.equals(string(rec, "id")) && rec.get("seqNum") instanceof JsonNumber n) {
                    return n.longValue();
                }
            }
        }
        return -1;
    }

    /**
     * Whether a boundary naming {@code .in} seq {@code boundary} leaves no turn pending before {@code seq}: every
     * {@code .in} record between them is a stop this chat sent (seqs are gap-free, so nothing else can hide there).
     */
    synchronized boolean answeredUpTo(long boundary, long seq) {
        if (boundary == Long.MIN_VALUE || seq < 0 || seq - boundary > 64) {
            return false;
        }
        for (long s = boundary + 1; s < seq; s++) {
            if (!quiet.contains(s)) {
                return false;
            }
        }
        return true;
    }

    /** A reply passed a turn boundary: move the cursor forward and take a rotated token. */
    void passed(long seq, Long inSeq, String rotated) {
        synchronized (this) {
            if (seq > cursor) {
                cursor = seq;
                cursorInSeq = inSeq == null ? Long.MIN_VALUE : inSeq;
            }
        }
        if (rotated != null) {
            publicAccessToken = rotated;
            if (rotates) {
                token = rotated;
            }
        }
    }

    void track(Reply r) {
        open.add(r);
        client.track(r);
    }

    void forget(Reply r) {
        open.remove(r);
        client.forget(r);
    }

    JsonSupport json() {
        return requests.json;
    }

    private String channel(String io) {
        return "/realtime/v1/sessions/" + segment(id) + "/" + io;
    }

    static String segment(String s) {
        StringBuilder sb = new StringBuilder();
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.' || c == '~') {
                sb.append(c);
            } else {
                sb.append('%').append(String.format("%02X", b & 0xff));
            }
        }
        return sb.toString();
    }

    private static String string(JsonObject o, String key) {
        return o != null && o.get(key) instanceof JsonString s ? s.getString() : null;
    }
}
