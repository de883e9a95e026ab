// The chat page at / in headless Chromium against a running Parley with the page on (the embedded default):
// send, stream, reload mid-answer and resume, stop. Screenshots go to target/e2e/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { chromium } from 'playwright-core';

const URL = process.env.PARLEY_URL ?? 'http://localhost:9080';
const KEY = process.env.PARLEY_KEY ?? 'tr_dev_console0123456789abcdefghijklmnopqrstuv';
const SHOTS = new globalThis.URL('../target/e2e/', import.meta.url).pathname;
const echo = (text) => `You said: ${text}`;
const words = (n, tag) => Array.from({ length: n }, (_, i) => `${tag}${i}`).join(' ');

let browser;

before(async () => {
  mkdirSync(SHOTS, { recursive: true });
  browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', args: ['--no-sandbox'] });
});

after(async () => {
  await browser?.close();
});

async function openPage() {
  const page = await (await browser.newContext({ viewport: { width: 900, height: 900 } })).newPage();
  page.on('pageerror', (e) => console.log(`page error: ${e.message}`));
  await page.goto(`${URL}/`);
  await page.getByLabel('Message').waitFor();
  return page;
}

const assistantTexts = (page) => page.locator('[data-role=assistant] .bubble').allTextContents();
const userTexts = (page) => page.locator('[data-role=user] .bubble').allTextContents();

async function send(page, text) {
  await page.getByLabel('Message').fill(text);
  await page.getByRole('button', { name: 'Send' }).click();
}

async function waitForAnswer(page, index, text) {
  await page.waitForFunction(([i, t]) => document.querySelectorAll('[data-role=assistant] .bubble')[i]?.textContent === t,
    [index, text], { timeout: 30_000 });
  await page.locator('footer[data-status=ready]').waitFor({ timeout: 30_000 });
}

test('a newcomer chats with the demo agent and the answer streams in', async () => {
  const page = await openPage();
  await page.screenshot({ path: `${SHOTS}chat-empty.png` });
  await send(page, 'hello there');
  await page.getByRole('button', { name: 'Stop' }).waitFor(); // the answer is streaming
  await waitForAnswer(page, 0, echo('hello there'));
  await send(page, 'and again');
  await waitForAnswer(page, 1, echo('and again'));
  assert.deepEqual(await userTexts(page), ['hello there', 'and again']);
  assert.deepEqual(await assistantTexts(page), [echo('hello there'), echo('and again')]);
  await page.screenshot({ path: `${SHOTS}chat-two-turns.png` });
});

test('a reload in the middle of an answer resumes it: nothing lost, nothing doubled', async () => {
  const page = await openPage();
  await send(page, 'warm up');
  await waitForAnswer(page, 0, echo('warm up'));
  const long = words(120, 'r');
  await send(page, long);
  await page.waitForFunction(() => (document.querySelectorAll('[data-role=assistant] .bubble')[1]?.textContent ?? '').length > 40,
    null, { timeout: 30_000 });
  const before = (await assistantTexts(page))[1];
  assert.ok(before.length < echo(long).length, 'reloaded mid-answer');
  await page.reload();
  await page.getByLabel('Message').waitFor();
  await waitForAnswer(page, 1, echo(long));
  assert.deepEqual(await userTexts(page), ['warm up', long]);
  assert.deepEqual(await assistantTexts(page), [echo('warm up'), echo(long)]);
  await page.screenshot({ path: `${SHOTS}chat-resumed.png` });
  await send(page, 'after the reload');
  await waitForAnswer(page, 2, echo('after the reload'));
});

test('stop ends the answer where it is and the chat goes on', async () => {
  const page = await openPage();
  const long = words(150, 's');
  await send(page, long);
  await page.waitForFunction(() => (document.querySelectorAll('[data-role=assistant] .bubble')[0]?.textContent ?? '').length > 30,
    null, { timeout: 30_000 });
  await page.getByRole('button', { name: 'Stop' }).click();
  await page.locator('footer[data-status=ready]').waitFor({ timeout: 30_000 });
  const partial = (await assistantTexts(page))[0];
  assert.ok(echo(long).startsWith(partial) && partial.length < echo(long).length, `a strict prefix: ${partial.length} chars`);
  await page.screenshot({ path: `${SHOTS}chat-stopped.png` });
  await send(page, 'after stop');
  await waitForAnswer(page, 1, echo('after stop'));
});

// The page's credential-less endpoint, as a stranger would call it: tokens for page chats only, each for its own chat.
const pageChatId = () => `chat-${crypto.randomUUID()}`;
const startPageChat = (body, headers = {}) => fetch(`${URL}/chat-page/api/session`, { method: 'POST',
  headers: { 'Content-Type': 'application/json', ...headers }, body: typeof body === 'string' ? body : JSON.stringify(body) });
const append = (chatId, token, text) => fetch(`${URL}/realtime/v1/sessions/${chatId}/in/append`, { method: 'POST',
  headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
  body: JSON.stringify({ kind: 'message', payload: { chatId, trigger: 'submit-message',
    message: { id: crypto.randomUUID(), role: 'user', parts: [{ type: 'text', text }] } } }) });

async function refused(res, status, code) {
  assert.equal(res.status, status);
  const body = await res.json();
  assert.equal(typeof body.error, 'string', JSON.stringify(body));
  if (code) assert.equal(body.code, code);
}

test('the page endpoint answers what createStartSessionAction would, and the token opens that chat alone', async () => {
  const mine = pageChatId();
  const res = await startPageChat({ chatId: mine });
  assert.equal(res.status, 200);
  const started = await res.json();
  assert.deepEqual(Object.keys(started).sort(), ['publicAccessToken', 'runId', 'sessionId']);
  assert.match(started.runId, /^run_/);
  assert.match(started.sessionId, /^session_/);
  const again = await (await startPageChat({ chatId: mine })).json(); // a reload resumes the same chat
  assert.equal(again.sessionId, started.sessionId);
  assert.equal(again.runId, started.runId);

  assert.equal((await append(mine, started.publicAccessToken, 'hello')).status, 200);
  const other = pageChatId();
  const theirs = await (await startPageChat({ chatId: other })).json();
  await refused(await append(other, started.publicAccessToken, 'not yours'), 403);
  assert.equal((await append(other, theirs.publicAccessToken, 'hello')).status, 200);
});

test('the page endpoint refuses bad input, other chats and other sites in the documented error shape', async () => {
  await refused(await startPageChat({}), 400);
  await refused(await startPageChat({ chatId: 'chat-1' }), 400);
  await refused(await startPageChat({ chatId: `${pageChatId()}x` }), 400);
  await refused(await startPageChat({ chatId: 42 }), 400);
  await refused(await startPageChat('not json'), 400);
  await refused(await startPageChat({ chatId: pageChatId(), pad: 'x'.repeat(4096) }), 413);
  await refused(await startPageChat({ chatId: pageChatId() }, { 'Content-Type': 'text/plain' }), 415);
  await refused(await startPageChat({ chatId: pageChatId() }, { Origin: 'https://elsewhere.example' }), 403, 'cross_origin');

  // a chat started with the secret key under a page-shaped id is not the page's to hand out
  const foreign = pageChatId();
  const created = await fetch(`${URL}/api/v1/sessions`, { method: 'POST',
    headers: { Authorization: `Bearer ${KEY}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ type: 'chat.agent', externalId: foreign, taskIdentifier: 'demo',
      triggerConfig: { basePayload: { chatId: foreign, trigger: 'preload' } } }) });
  assert.equal(created.status, 201);
  await refused(await startPageChat({ chatId: foreign }), 403);

  // a closed page chat is over: the page is told so and starts a new one
  const ended = pageChatId();
  const { sessionId } = await (await startPageChat({ chatId: ended })).json();
  const closed = await fetch(`${URL}/api/v1/sessions/${sessionId}/close`, { method: 'POST',
    headers: { Authorization: `Bearer ${KEY}`, 'Content-Type': 'application/json' }, body: '{}' });
  assert.equal(closed.status, 200);
  await refused(await startPageChat({ chatId: ended }), 409, 'session_closed');
});
