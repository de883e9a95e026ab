// The chat page at / in headless Chromium against a running Parley with the page on (the embedded default):
// send, stream, reload mid-answer and resume, stop. Screenshots go to target/e2e/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { chromium } from 'playwright-core';

const URL = process.env.PARLEY_URL ?? 'http://localhost:9080';
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
