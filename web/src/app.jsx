// The chat page Parley serves at /: the AI SDK's useChat through trigger.dev's TriggerChatTransport, pointed at
// this server. The chat id, the transport's session state and the settled messages live in localStorage, so a
// reload in the middle of an answer resumes it from the server.
import { useEffect, useRef, useState } from "react";
import { createRoot } from "react-dom/client";
import { useChat } from "@ai-sdk/react";
import { useTriggerChatTransport } from "@trigger.dev/sdk/chat/react";

const AGENT = document.querySelector("meta[name=parley-agent]")?.content || "demo";
const KEY = `parley.chat.${AGENT}`;

function load(name, fallback) {
  try {
    const v = localStorage.getItem(`${KEY}.${name}`);
    return v == null ? fallback : JSON.parse(v);
  } catch {
    return fallback;
  }
}

function save(name, value) {
  if (value == null) localStorage.removeItem(`${KEY}.${name}`);
  else localStorage.setItem(`${KEY}.${name}`, JSON.stringify(value));
}

function newChatId() {
  return `chat-${crypto.randomUUID()}`;
}

/** What the customer's backend does with its secret key, done here by Parley's page endpoint (enabled on purpose). */
async function startSession(chatId) {
  const res = await fetch("/chat-page/api/session", {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ chatId }),
  });
  const body = await res.json().catch(() => ({}));
  if (!res.ok) throw new Error(body.error || `starting the chat failed (${res.status})`);
  return body;
}

function textOf(message) {
  return message.parts.filter((p) => p.type === "text").map((p) => p.text).join("");
}

function Chat({ chatId, onNewChat }) {
  const stored = load("session", null);
  const transport = useTriggerChatTransport({
    task: AGENT,
    baseURL: window.location.origin,
    sessions: stored && stored.chatId === chatId ? { [chatId]: stored.state } : undefined,
    startSession: ({ chatId: id }) => startSession(id),
    accessToken: async ({ chatId: id }) => (await startSession(id)).publicAccessToken,
    onSessionChange: (id, state) => save("session", state ? { chatId: id, state } : null),
  });
  const { messages, sendMessage, status, stop, error } = useChat({
    id: chatId,
    transport,
    messages: load("messages", []),
    resume: true,
  });
  const [input, setInput] = useState("");
  const end = useRef(null);

  // keep what is settled: while an answer streams, the stored copy stops at the question, and a reload
  // replays the whole answer from the server instead of doubling a half
  useEffect(() => {
    const settled = status === "streaming" && messages.at(-1)?.role === "assistant" ? messages.slice(0, -1) : messages;
    save("messages", settled);
  }, [messages, status]);
  useEffect(() => {
    end.current?.scrollIntoView({ block: "end" });
  }, [messages]);

  const busy = status === "submitted" || status === "streaming";
  const submit = (e) => {
    e.preventDefault();
    const text = input.trim();
    if (!text || busy) return;
    sendMessage({ text });
    setInput("");
  };

  return (
    <main>
      <header>
        <h1>Parley</h1>
        <span className="agent">agent <code>{AGENT}</code></span>
        <button type="button" className="secondary" onClick={onNewChat} disabled={busy}>New chat</button>
      </header>
      <section className="messages" aria-live="polite">
        {messages.length === 0 && <p className="empty">Say something to the {AGENT} agent. Reload at any time: the answer carries on.</p>}
        {messages.map((m) => (
          <article key={m.id} className={`message ${m.role}`} data-role={m.role}>
            <div className="bubble">{textOf(m)}</div>
          </article>
        ))}
        {error && <p className="error" role="alert">{error.message}</p>}
        <div ref={end} />
      </section>
      <form onSubmit={submit}>
        <input aria-label="Message" placeholder="Message" value={input} onChange={(e) => setInput(e.target.value)} autoFocus />
        {busy
          ? <button type="button" onClick={() => stop()}>Stop</button>
          : <button type="submit" disabled={!input.trim()}>Send</button>}
      </form>
      <footer data-status={status}>chat <code>{chatId}</code> · {status}</footer>
    </main>
  );
}

function App() {
  const [chatId, setChatId] = useState(() => load("id", null) ?? newChatId());
  useEffect(() => {
    save("id", chatId);
  }, [chatId]);
  const newChat = () => {
    save("messages", null);
    save("session", null);
    setChatId(newChatId());
  };
  return <Chat key={chatId} chatId={chatId} onNewChat={newChat} />;
}

createRoot(document.getElementById("root")).render(<App />);
