package dev.parley.client;

import jakarta.json.JsonObject;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The entry point: one per Parley server and credential, shared by all threads. With the environment's secret key
 * it can do everything (start and close chats, server to server); with a session token (the
 * {@code publicAccessToken} your backend handed out) it reads and writes that one chat, following the token
 * rotation of each turn. Closing the client stops every open reply and releases the HTTP client it created.
 *
 * <pre>{@code
 * try (ParleyClient parley = ParleyClient.builder().baseUrl("http://localhost:9080").secretKey(key).build()) {
 *     Chat chat = parley.chat("demo").id("order-4711").build();
 *     System.out.println(chat.send("Where is my parcel?").text());
 * }
 * }</pre>
 */
public final class ParleyClient implements AutoCloseable {

    /** Timeouts and budgets; see the builder for their meaning and defaults. */
    record Options(Duration streamTimeout, Duration readIdleTimeout, int maxReconnects) {
    }

    private final Requests requests;
    private final String credential;
    private final boolean secretKey;
    private final Options options;
    private final boolean ownsHttp;
    private final Set<Reply> reading = ConcurrentHashMap.newKeySet();

    private ParleyClient(Builder b) {
        this.credential = b.secretKey != null ? b.secretKey : b.accessToken;
        this.secretKey = b.secretKey != null;
        this.ownsHttp = b.http == null;
        HttpClient http = b.http != null ? b.http
                : HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(b.connectTimeout).build();
        this.requests = new Requests(http, b.baseUrl, b.requestTimeout, b.maxRetries, new JsonSupport());
        this.options = new Options(b.streamTimeout, b.readIdleTimeout, b.maxReconnects);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A chat with {@code agent} (the agent's id, trigger.dev's task identifier); set its id and data, then build. */
    public ChatBuilder chat(String agent) {
        return new ChatBuilder(this, Objects.requireNonNull(agent, "agent"));
    }

    /** Stops every open reply of every chat; shuts the HTTP client down unless it was supplied by the caller. */
    @Override
    public void close() {
        for (Reply r : reading) {
            r.close();
        }
        if (ownsHttp) {
            requests.http().shutdownNow();
        }
    }

    String credential() {
        return credential;
    }

    boolean usesSecretKey() {
        return secretKey;
    }

    Options options() {
        return options;
    }

    void track(Reply reply) {
        reading.add(reply);
    }

    void forget(Reply reply) {
        reading.remove(reply);
    }

    /** Settings of a client. Defaults suit a server on the same network; all durations must be positive. */
    public static final class Builder {
        private URI baseUrl;
        private String secretKey;
        private String accessToken;
        private HttpClient http;
        private Duration connectTimeout = Duration.ofSeconds(10);
        private Duration requestTimeout = Duration.ofSeconds(30);
        private Duration streamTimeout = Duration.ofSeconds(120);
        private Duration readIdleTimeout = Duration.ofSeconds(30);
        private int maxRetries = 4;
        private int maxReconnects = 8;

        private Builder() {
        }

        /** The server, e.g. {@code https://chat.example.com} (the API paths are appended to it). */
        public Builder baseUrl(String url) {
            return baseUrl(URI.create(url));
        }

        public Builder baseUrl(URI url) {
            this.baseUrl = url;
            return this;
        }

        /** The environment's secret key ({@code tr_…}): full access, for backends. */
        public Builder secretKey(String key) {
            this.secretKey = key;
            return this;
        }

        /** A session token or another scoped JWT instead of the secret key. */
        public Builder accessToken(String token) {
            this.accessToken = token;
            return this;
        }

        /** An HTTP client of your own (TLS settings, proxy, executor); it is not closed with this client. */
        public Builder httpClient(HttpClient client) {
            this.http = client;
            return this;
        }

        /** Time to open a TCP connection (default 10 s; ignored with {@link #httpClient}). */
        public Builder connectTimeout(Duration d) {
            this.connectTimeout = positive(d);
            return this;
        }

        /** Time for a plain request's answer, and for a stream's response headers (default 30 s). */
        public Builder requestTimeout(Duration d) {
            this.requestTimeout = positive(d);
            return this;
        }

        /** How long one {@code .out} long-poll may stay silent before the server ends it, 1–600 s (default 120 s). */
        public Builder streamTimeout(Duration d) {
            if (d.toSeconds() < 1 || d.toSeconds() > 600) {
                throw new IllegalArgumentException("streamTimeout must be 1–600 s");
            }
            this.streamTimeout = d;
            return this;
        }

        /** Silence on an open stream after which the connection counts as dead and is reopened (default 30 s; the server pings every 5 s). */
        public Builder readIdleTimeout(Duration d) {
            this.readIdleTimeout = positive(d);
            return this;
        }

        /** Retries of an idempotent request after a transient failure (default 4). */
        public Builder maxRetries(int n) {
            this.maxRetries = nonNegative(n);
            return this;
        }

        /** Reconnects of a reply's stream in a row without receiving a record before it fails (default 8). */
        public Builder maxReconnects(int n) {
            this.maxReconnects = nonNegative(n);
            return this;
        }

        public ParleyClient build() {
            if (baseUrl == null) {
                throw new IllegalStateException("baseUrl is required");
            }
            if ((secretKey == null) == (accessToken == null)) {
                throw new IllegalStateException("set exactly one of secretKey and accessToken");
            }
            return new ParleyClient(this);
        }

        private static Duration positive(Duration d) {
            if (d == null || d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("a positive duration is required");
            }
            return d;
        }

        private static int nonNegative(int n) {
            if (n < 0) {
                throw new IllegalArgumentException("must not be negative");
            }
            return n;
        }
    }

    /** What a chat is about; only the agent is required (the id defaults to a random one). */
    public static final class ChatBuilder {
        private final ParleyClient client;
        final String agent;
        String id;
        JsonObject clientData;
        JsonObject metadata;
        final List<String> tags = new ArrayList<>();
        String token;
        long lastEventId = -1;

        private ChatBuilder(ParleyClient client, String agent) {
            this.client = client;
            this.agent = agent;
        }

        /** The chat id: the session's {@code externalId}, your own key for the conversation. */
        public ChatBuilder id(String chatId) {
            this.id = chatId;
            return this;
        }

        /** Sent as the session's preload metadata and merged into every message's {@code metadata}. */
        public ChatBuilder clientData(JsonObject data) {
            this.clientData = data;
            return this;
        }

        /** The session's own metadata (stored with it, visible in the API and console). */
        public ChatBuilder metadata(JsonObject data) {
            this.metadata = data;
            return this;
        }

        /** Session tags (at most 10). */
        public ChatBuilder tags(String... tags) {
            this.tags.addAll(List.of(tags));
            return this;
        }

        /** The session token of an existing chat (from your backend): the chat will not call {@link Chat#start()} itself. */
        public ChatBuilder sessionToken(String token) {
            this.token = token;
            return this;
        }

        /** Resume from a persisted {@link Chat#lastEventId()}. */
        public ChatBuilder lastEventId(long seq) {
            this.lastEventId = seq;
            return this;
        }

        public Chat build() {
            return new Chat(client, client.requests, this);
        }
    }
}
