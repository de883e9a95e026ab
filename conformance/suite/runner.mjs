// A small sequential runner: each case gets a fresh transcript of everything that crossed the wire (requests,
// statuses, SSE records) plus its own notes; a failed case prints that transcript.
import { writeFileSync, mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { cases } from "./cases.mjs";

const realFetch = globalThis.fetch;
let transcript = null;
const started = Date.now();

function note(line) {
  if (transcript) transcript.push(`${String(Date.now() - transcript.t0).padStart(6)}ms ${line}`);
}

function short(text, max = 400) {
  if (text == null) return "";
  const s = typeof text === "string" ? text : JSON.stringify(text);
  return s.length > max ? `${s.slice(0, max)}… (${s.length} chars)` : s;
}

function describeSseRecords(data) {
  try {
    const batch = JSON.parse(data);
    return (batch.records ?? []).map((r) => {
      const headers = r.headers ?? [];
      if (headers.length && headers[0][0] === "") return `#${r.seq_num} [command ${headers[0][1]}]`;
      const control = headers.find((h) => h[0] === "trigger-control");
      if (control) {
        const extra = headers.filter((h) => h[0] !== "trigger-control" && h[0] !== "public-access-token")
          .map((h) => `${h[0]}=${h[1]}`).join(" ");
        return `#${r.seq_num} [${control[1]}${extra ? ` ${extra}` : ""}]`;
      }
      let chunk;
      try { chunk = JSON.parse(r.body).data; } catch { chunk = r.body; }
      const c = chunk && typeof chunk === "object" ? chunk : { raw: chunk };
      const detail = c.delta !== undefined ? ` ${JSON.stringify(c.delta)}` : c.messageId ? ` ${c.messageId}` : "";
      return `#${r.seq_num} ${c.type ?? "?"}${detail}`;
    }).join(" | ");
  } catch {
    return short(data, 200);
  }
}

/** Wraps the global fetch (transparently: same request, same response) to record the wire. */
function recordingFetch(input, init = {}) {
  const url = typeof input === "string" ? input : input instanceof URL ? input.href : input.url; // the MCP client passes URLs
  const method = init.method ?? "GET";
  const headers = new Headers(init.headers ?? {});
  const interesting = ["last-event-id", "x-peek-settled", "x-part-id"]
    .filter((h) => headers.has(h)).map((h) => `${h}: ${headers.get(h)}`).join(", ");
  const path = url.replace(/^https?:\/\/[^/]+/, "");
  note(`→ ${method} ${path}${interesting ? ` (${interesting})` : ""}${init.body ? ` ${short(init.body, 300)}` : ""}`);
  const own = transcript;
  return realFetch(input, init).then((res) => {
    if (own !== transcript) return res;
    const rh = ["x-stream-version", "x-session-settled", "x-should-retry"].filter((h) => res.headers.get(h))
      .map((h) => `${h}: ${res.headers.get(h)}`).join(", ");
    note(`← ${res.status} ${method} ${path}${rh ? ` (${rh})` : ""}`);
    const type = res.headers.get("content-type") ?? "";
    if (!res.body) return res;
    if (type.includes("text/event-stream")) {
      const [mine, theirs] = res.body.tee();
      (async () => {
        const reader = mine.pipeThrough(new TextDecoderStream()).getReader();
        let buf = "";
        try {
          for (;;) {
            const { value, done } = await reader.read();
            if (done) break;
            buf += value;
            let i;
            while ((i = buf.indexOf("\n\n")) >= 0) {
              const event = buf.slice(0, i);
              buf = buf.slice(i + 2);
              const name = /^event: (.*)$/m.exec(event)?.[1];
              const data = event.split("\n").filter((l) => l.startsWith("data:")).map((l) => l.slice(5).trimStart()).join("\n");
              if (name === "batch" && own === transcript) note(`  sse ${path.split("/").slice(-1)[0]}: ${describeSseRecords(data)}`);
              else if (data === "[DONE]" && own === transcript) note(`  sse [DONE]`);
            }
          }
        } catch (e) {
          if (own === transcript) note(`  sse read ended: ${e.message}`);
        }
      })();
      return new Response(theirs, { status: res.status, statusText: res.statusText, headers: res.headers });
    }
    if (res.status >= 400 || method !== "GET") {
      return res.clone().text().then((body) => {
        if (own === transcript) note(`  body ${short(body, 300)}`);
        return res;
      });
    }
    return res;
  });
}

async function waitForServer(baseURL, secretKey) {
  const deadline = Date.now() + 180_000;
  let last = "";
  while (Date.now() < deadline) {
    try {
      const res = await realFetch(`${baseURL}/api/v1/sessions?page[size]=1`, {
        headers: { Authorization: `Bearer ${secretKey}` },
      });
      if (res.ok) return;
      last = `${res.status}`;
    } catch (e) {
      last = e.message;
    }
    await new Promise((r) => setTimeout(r, 1000));
  }
  throw new Error(`Parley at ${baseURL} did not become ready (${last})`);
}

export async function runSuite({ lib, argv }) {
  const baseURL = (process.env.PARLEY_URL ?? "http://localhost:9080").replace(/\/$/, "");
  const secretKey = process.env.PARLEY_SECRET_KEY;
  const resultFile = argv.find((a) => a.startsWith("--result="))?.slice("--result=".length);
  const only = (process.env.CONFORMANCE_ONLY ?? "").split(",").map((s) => s.trim()).filter(Boolean);
  const label = `sdk ${lib.versions["@trigger.dev/sdk"]} + ai ${lib.versions.ai}`;
  if (!secretKey) {
    console.error("PARLEY_SECRET_KEY is not set");
    return 2;
  }
  await waitForServer(baseURL, secretKey);
  globalThis.fetch = recordingFetch;
  lib.sdk.configure({ baseURL, accessToken: secretKey });

  const results = [];
  console.log(`conformance [${label}] against ${baseURL}`);
  for (const c of cases) {
    if (only.length && !only.some((o) => c.name.includes(o))) {
      results.push({ name: c.name, status: "skipped" });
      continue;
    }
    transcript = [];
    transcript.t0 = Date.now();
    const cleanups = [];
    const ctx = {
      lib, baseURL, secretKey, note, short,
      chatId: (prefix = "conf") => `${prefix}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`,
      defer: (fn) => cleanups.push(fn),
    };
    const t = Date.now();
    let status = "passed";
    let error;
    let timer;
    try {
      await Promise.race([
        c.run(ctx),
        new Promise((_, reject) => { timer = setTimeout(() => reject(new Error(`timed out after ${c.timeout ?? 30000} ms`)), c.timeout ?? 30000); }),
      ]);
    } catch (e) {
      status = "failed";
      error = e?.stack ?? String(e);
    } finally {
      clearTimeout(timer);
      for (const fn of cleanups.reverse()) {
        try { await fn(); } catch { /* cleanup is best effort */ }
      }
    }
    const ms = Date.now() - t;
    console.log(`${status === "passed" ? "ok  " : "FAIL"} ${c.name} (${ms} ms)`);
    const entry = { name: c.name, status, ms };
    if (status === "failed") {
      entry.error = String(error).split("\n")[0];
      entry.transcript = transcript;
      console.log(`  ${error.split("\n").join("\n  ")}`);
      console.log("  transcript:");
      for (const line of transcript) console.log(`    ${line}`);
    }
    results.push(entry);
    transcript = null;
    await new Promise((r) => setTimeout(r, 200)); // let abandoned streams of this case wind down
  }
  const passed = results.filter((r) => r.status === "passed").length;
  const failed = results.filter((r) => r.status === "failed").length;
  const skipped = results.filter((r) => r.status === "skipped").length;
  console.log(`conformance [${label}]: ${passed} passed, ${failed} failed, ${skipped} skipped in ${Math.round((Date.now() - started) / 1000)} s`);
  if (resultFile) {
    mkdirSync(dirname(resultFile), { recursive: true });
    writeFileSync(resultFile, JSON.stringify({ runs: [{ label, passed, failed, skipped, cases: results }] }, null, 2));
  }
  return failed === 0 && passed > 0 ? 0 : 1;
}
