// The console in headless Chromium against a running Parley (see docs/console.md for the command that starts one).
// Every page gets a screenshot under target/e2e/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { chromium } from 'playwright-core';
import { startIdp } from './idp.mjs';

const URL = process.env.PARLEY_URL ?? 'http://localhost:9480';
const KEY = process.env.PARLEY_KEY ?? 'tr_dev_console0123456789abcdefghijklmnopqrstuv';
const PASSWORD = process.env.PARLEY_CONSOLE_ADMIN_PASSWORD ?? 'console-e2e-password';
const SHOTS = new globalThis.URL('../target/e2e/', import.meta.url).pathname;

let browser, admin, idp;

const shot = (page, name) => page.screenshot({ path: `${SHOTS}${name}.png`, fullPage: true });

async function api(method, path, body) {
  const res = await fetch(URL + path, { method, headers: { Authorization: `Bearer ${KEY}`, 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  assert.ok(res.ok, `${method} ${path}: ${res.status} ${text}`);
  return JSON.parse(text);
}

async function createChat(agent = 'demo') {
  const chatId = `e2e-${crypto.randomUUID()}`;
  const s = await api('POST', '/api/v1/sessions', { type: 'chat.agent', externalId: chatId, taskIdentifier: agent,
    tags: ['e2e'], triggerConfig: { basePayload: { chatId, trigger: 'preload', messages: [] } } });
  return { id: s.id, chatId };
}

const say = (chatId, text) => api('POST', `/realtime/v1/sessions/${chatId}/in/append`, { kind: 'message', payload: {
  chatId, trigger: 'submit-message', message: { id: crypto.randomUUID(), role: 'user', parts: [{ type: 'text', text }] } } });

before(async () => {
  mkdirSync(SHOTS, { recursive: true });
  idp = await startIdp({ port: Number(process.env.PARLEY_E2E_IDP_PORT ?? 49098), issuer: 'https://idp.e2e.test',
    audience: 'parley-console', redirectUri: `${URL}/console/api/auth/oidc/callback` });
  browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', args: ['--no-sandbox'] });
  // the admin page of every other test: signed in through the API, so no test depends on another
  admin = await (await browser.newContext({ viewport: { width: 1400, height: 900 } })).newPage();
  const signIn = await admin.request.post(`${URL}/console/api/auth/login`, { data: { username: 'admin', password: PASSWORD } });
  assert.equal(signIn.status(), 200);
});

after(async () => {
  await browser?.close();
  idp?.close();
});

test('an admin signs in with the local credential', async () => {
  const page = await (await browser.newContext({ viewport: { width: 1400, height: 900 } })).newPage();
  await page.goto(`${URL}/console/`);
  await page.getByPlaceholder('Password').waitFor();
  await page.getByRole('link', { name: 'Sign in with Stand-in IdP' }).waitFor();
  await shot(page, 'login');
  await page.getByPlaceholder('Password').fill('wrong password');
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.getByText('Wrong user name or password').waitFor();
  await page.getByPlaceholder('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.getByRole('heading', { name: 'Sessions' }).waitFor();
  assert.match(await page.locator('#who').innerText(), /admin \(parley-admin\)/);
  await shot(page, 'sessions');
});

test('a user signs in with the identity provider in the browser and lands where they were going', async () => {
  idp.signInAs('olga@corp', ['parley-admin']);
  const page = await (await browser.newContext({ viewport: { width: 1400, height: 900 } })).newPage();
  await page.goto(`${URL}/console/#/agents`);
  await page.getByRole('link', { name: 'Sign in with Stand-in IdP' }).click();
  await page.getByText('demo-approval', { exact: true }).waitFor();
  assert.match(await page.locator('#who').innerText(), /olga@corp \(parley-admin\)/);
  assert.equal(new globalThis.URL(page.url()).pathname, '/console/');
  assert.equal(new globalThis.URL(page.url()).search, '');
});

test('an identity without a console role is sent back to the login page with the reason', async () => {
  idp.signInAs('guest@corp', ['marketing']);
  const page = await (await browser.newContext({ viewport: { width: 1400, height: 900 } })).newPage();
  await page.goto(`${URL}/console/`);
  await page.getByRole('link', { name: 'Sign in with Stand-in IdP' }).click();
  await page.getByText('This identity has no console role.').waitFor();
  await page.getByPlaceholder('Password').waitFor();
  assert.equal(new globalThis.URL(page.url()).search, '', 'the reason is not left in the address bar');
});

test('the agents page lists the deployed agents', async () => {
  await admin.goto(`${URL}/console/#/agents`);
  await admin.getByText('demo-approval', { exact: true }).waitFor();
  await shot(admin, 'agents');
});

test('a session streams live in the console while a client chats', async () => {
  const chat = await createChat();
  await admin.goto(`${URL}/console/#/sessions/${chat.id}`);
  await admin.locator('#live-state', { hasText: 'live' }).waitFor();
  await say(chat.chatId, 'one two three four five six seven eight nine ten eleven twelve');
  const convo = admin.locator('#conversation');
  await convo.getByText('You said: one two', { exact: false }).waitFor();
  const partial = await convo.innerText();
  await convo.getByText('eleven twelve', { exact: false }).waitFor();
  await admin.locator('h1 .badge', { hasText: 'WAITING' }).waitFor();
  await admin.locator('#records-in summary', { hasText: 'one two three' }).first().waitFor();
  // a record opens into indented JSON, its message unfolded rather than an escaped string
  await admin.locator('#records-in summary', { hasText: 'one two three' }).first().click();
  assert.match(await admin.locator('#records-in details[open] pre').first().innerText(), /\n\s+"text": "one two three/);
  assert.ok(!partial.includes('twelve'), `the answer showed before it was complete: ${partial}`);
  await shot(admin, 'session');
  await admin.reload();
  assert.match(await admin.locator('#runs-body tr').first().innerText(), /initial\s+agents-[0-9a-f]{12}\s+WAITING/,
    'the run timeline shows the version that started the run: by default the digest of the agents');
});

test('a tool call is approved from the playground', async () => {
  await admin.goto(`${URL}/console/#/playground`);
  await admin.locator('select[name=agent]').selectOption('demo-approval');
  await admin.getByRole('button', { name: 'New chat' }).click();
  await admin.getByPlaceholder('Say something…').fill('tell the team we ship today');
  await admin.getByRole('button', { name: 'Send' }).click();
  await admin.getByRole('button', { name: 'Approve' }).waitFor();
  await shot(admin, 'playground-approval');
  await admin.getByRole('button', { name: 'Approve' }).click();
  await admin.getByText('Done: the email was sent.').waitFor();
  await admin.locator('#conversation .tool[data-state="output-available"]').waitFor();
  assert.equal(await admin.locator('#conversation .msg.assistant').count(), 1, 'the approved turn continues the same message');
  assert.match(await admin.locator('#turns').innerText(), /\d+ ms/);
  await admin.locator('#raw').getByText('turn-complete').first().waitFor();
  await shot(admin, 'playground');
});

test('an admin closes a session', async () => {
  const chat = await createChat();
  await admin.goto(`${URL}/console/#/sessions/${chat.id}`);
  await admin.getByRole('button', { name: 'Close session' }).click();
  await admin.locator('h1 .badge', { hasText: 'CLOSED' }).waitFor();
  const res = await fetch(`${URL}/realtime/v1/sessions/${chat.chatId}/in/append`, { method: 'POST',
    headers: { Authorization: `Bearer ${KEY}` }, body: JSON.stringify({ kind: 'message', payload: {} }) });
  assert.equal(res.status, 409, 'clients see the session closed');
  await shot(admin, 'session-closed');
});

test('an admin cancels a run and the next message starts a new one', async () => {
  const chat = await createChat();
  await admin.goto(`${URL}/console/#/sessions/${chat.id}`);
  await admin.getByRole('button', { name: 'Cancel run' }).click();
  await admin.locator('h1 .badge', { hasText: 'CANCELED' }).waitFor();
  assert.equal(await admin.locator('#runs-body tr').count(), 1, 'nothing was waiting, so no run was started');
  await say(chat.chatId, 'after the cancel');
  await admin.reload();
  await admin.locator('#runs-body tr').nth(1).waitFor();
  assert.match(await admin.locator('#runs-body tr').first().innerText(), /CANCELED\s+.*canceled/s);
});

test('an SSO viewer reads sessions but cannot close one', async () => {
  const chat = await createChat();
  const viewer = await (await browser.newContext({ viewport: { width: 1400, height: 900 } })).newPage();
  await viewer.goto(`${URL}/console/`);
  await viewer.getByPlaceholder('Token from your identity provider').fill(idp.token('vera@corp', ['parley-viewer']));
  await viewer.getByRole('button', { name: 'Sign in with SSO' }).click();
  await viewer.getByRole('heading', { name: 'Sessions' }).waitFor();
  assert.match(await viewer.locator('#who').innerText(), /vera@corp \(parley-viewer\)/);
  await viewer.goto(`${URL}/console/#/sessions/${chat.id}`);
  const close = viewer.getByRole('button', { name: 'Close session' });
  await close.waitFor();
  assert.ok(await close.isDisabled(), 'the close button is disabled for a viewer');
  const status = await viewer.evaluate(async (id) => (await fetch(`/console/api/sessions/${id}/close`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' })).status, chat.id);
  assert.equal(status, 403, 'the API refuses the viewer too');
  await shot(viewer, 'viewer');
});

test('an admin creates an environment and its secret key is shown once', async () => {
  const slug = `e2e-${Date.now().toString(36)}`;
  await admin.goto(`${URL}/console/#/environments`);
  await admin.locator('input[name=slug]').fill(slug);
  await admin.getByRole('button', { name: 'Create environment' }).click();
  const secret = (await admin.locator('#new-secret pre').innerText()).trim();
  assert.match(secret, /^tr_/);
  const res = await fetch(`${URL}/api/v1/sessions`, { headers: { Authorization: `Bearer ${secret}` } });
  assert.equal(res.status, 200, 'the new key works at once');
  await shot(admin, 'environments');
  await admin.reload();
  await admin.getByText(slug).first().waitFor();
  assert.ok(!(await admin.content()).includes(secret), 'the secret is not shown again');
});

test('the metrics are charted with axes over a chosen range', async () => {
  const chat = await createChat();
  await say(chat.chatId, 'count me');
  await admin.goto(`${URL}/console/#/metrics`);
  const turns = admin.locator('svg[aria-label="Turns per minute, turns"]');
  await turns.waitFor();
  await admin.locator('.chart', { hasText: 'Time to first chunk' }).locator('.legend', { hasText: 'p95' }).waitFor();
  assert.ok(await turns.locator('text').count() >= 6, 'the axes are labelled');
  await shot(admin, 'metrics');
  await admin.locator('select#range').selectOption('7d');
  await admin.locator('svg[aria-label="Turns per hour, turns"]').waitFor();
  assert.match(await admin.evaluate(() => location.hash), /range=7d/);
});

test('a turn opens from its session into its timeline', async () => {
  const chat = await createChat('demo-approval');
  await say(chat.chatId, 'tell the team the release is out');
  await admin.goto(`${URL}/console/#/sessions/${chat.id}`);
  const link = admin.locator('#turns a').first();
  await admin.locator('#turns li', { hasText: 'ms' }).first().waitFor();
  await link.click();
  await admin.getByRole('heading', { name: /Turn at seq/ }).waitFor();
  const row = admin.locator('#timeline tr.tool-call', { hasText: 'sendEmail' });
  await row.waitFor();
  assert.match(await row.innerText(), /approval-requested/);
  assert.match(await row.innerText(), /team@example.com/);
  assert.match(await admin.locator('#timeline').innerText(), /Model call 1/);
  // what the turn stored about the call itself: the demo model's tokens and the call's own duration
  assert.match(await admin.locator('#timeline .model-call').first().innerText(), /\d+ in \(0 cached\) · \d+ out · called \d+ ms/);
  assert.match(await admin.locator('dl.kv').innerText(), /not stored \(telemetry is off\)/);
  await admin.locator('#chunks li', { hasText: 'tool-approval-request' }).waitFor();
  await shot(admin, 'turn');
});

test('the console is usable from the keyboard', async () => {
  const chat = await createChat();
  await say(chat.chatId, 'keyboard only');
  const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
  const signIn = await page.request.post(`${URL}/console/api/auth/login`, { data: { username: 'admin', password: PASSWORD } });
  assert.equal(signIn.status(), 200);
  await page.goto(`${URL}/console/#/sessions/${chat.id}`);
  await page.locator('#turns li', { hasText: 'ms' }).first().waitFor();
  // Tab from the top of the page to the first turn's link; every control on the way shows where the focus is
  const tabTo = async (selector, max = 120) => {
    for (let i = 0; i < max; i++) {
      await page.keyboard.press('Tab');
      const at = await page.evaluate((sel) => {
        const el = document.activeElement;
        const style = getComputedStyle(el);
        return { match: el.matches(sel), tag: el.tagName, outline: style.outlineStyle, width: style.outlineWidth };
      }, selector);
      assert.notEqual(at.outline, 'none', `${at.tag} has a visible focus style`);
      if (at.match) return;
    }
    assert.fail(`never reached ${selector} with Tab`);
  };
  await tabTo('#turns a');
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { name: /Turn at seq/ }).waitFor();
  await tabTo('#chunks summary');
  await page.keyboard.press('Enter');
  await page.locator('#chunks details[open] pre').first().waitFor();
  await page.goto(`${URL}/console/#/metrics`);
  await page.locator('select#range').waitFor();
  await tabTo('select#range');
  await page.keyboard.press('ArrowDown');
  await page.locator('svg[aria-label="Turns per 5 minutes, turns"]').waitFor();
  await tabTo('details.data summary');
  await page.keyboard.press('Enter');
  await page.locator('details.data[open] table').first().waitFor();
});

test('the main pages fit 1280 px without horizontal scrolling', async () => {
  const chat = await createChat('demo-approval');
  await say(chat.chatId, 'a long line '.repeat(40));
  const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
  const signIn = await page.request.post(`${URL}/console/api/auth/login`, { data: { username: 'admin', password: PASSWORD } });
  assert.equal(signIn.status(), 200);
  await page.goto(`${URL}/console/#/sessions/${chat.id}`);
  await page.locator('#turns li', { hasText: 'ms' }).first().waitFor();
  const turn = await page.locator('#turns a').first().getAttribute('href');
  for (const [hash, ready] of [['#/sessions', 'tbody tr'], [`#/sessions/${chat.id}`, '#records-out tr'], [turn, '#timeline'],
    ['#/agents', 'tbody tr'], ['#/prompts', '.prompt-version'], ['#/playground', 'select[name=agent]'],
    ['#/environments', 'input[name=slug]'], ['#/metrics?range=24h', 'svg'], ['#/audit', '#audit']]) {
    await page.goto(`${URL}/console/${hash}`);
    await page.locator(ready).first().waitFor();
    for (const details of await page.locator('details').all()) await details.evaluate((d) => { d.open = true; });
    const { scroll, client } = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth }));
    assert.ok(scroll <= client, `${hash} is ${scroll} px wide at 1280 (${client} visible)`);
  }
});

test('sessions are found by a substring of their external id', async () => {
  const chat = await createChat();
  const part = chat.chatId.slice(8, 20);
  await admin.goto(`${URL}/console/#/sessions`);
  await admin.locator('input[name=search]').fill(part.toUpperCase());
  await admin.getByRole('button', { name: 'Search', exact: true }).click();
  // The unfiltered list shown before the search holds the new session too: wait for the searched page to replace it.
  await admin.waitForFunction(() => location.hash.includes('search=')
    && document.querySelector('input[name=search]')?.defaultValue !== ''
    && document.querySelectorAll('tbody tr').length === 1, null, { timeout: 15_000 });
  assert.equal(await admin.locator('tbody tr a').innerText(), chat.id, 'only the session that matches');
  await shot(admin, 'sessions-search');
});

test('an admin overrides a prompt, reverts to the override, then to the code', async () => {
  const card = admin.locator('.prompt-version[data-prompt="demo-system"][data-version="1"]');
  const state = await (await admin.request.get(`${URL}/console/api/prompts`)).json();
  if (state.data.find((p) => p.name === 'demo-system').versions[0].overridden) {
    assert.equal((await admin.request.post(`${URL}/console/api/prompts/demo-system/1/revert`)).status(), 200);
  }
  await admin.goto(`${URL}/console/#/prompts`);
  await card.waitFor();
  const first = `You are terse ${Date.now().toString(36)}.`;
  await card.locator('textarea[name=template]').fill(first);
  await card.getByRole('button', { name: 'Override' }).click();
  await card.locator('.badge.overridden').waitFor();
  assert.equal(await card.locator('.effective-template').innerText(), first);
  await card.locator('textarea[name=template]').fill('You answer in one line.');
  await card.getByRole('button', { name: 'Override' }).click();
  await card.locator('.effective-template', { hasText: 'You answer in one line.' }).waitFor();
  const listed = await (await admin.request.get(`${URL}/console/api/prompts`)).json();
  const change = listed.data.find((p) => p.name === 'demo-system').versions[0].history
    .find((c) => c.action === 'override' && c.new.template === first);
  const row = card.locator('.history tbody tr', { hasText: `#${change.id}` }).first();
  assert.match(await row.innerText(), /admin/);
  await row.getByRole('button', { name: `Revert to #${change.id}` }).click();
  await card.locator('.effective-template', { hasText: first }).waitFor();
  await shot(admin, 'prompts');
  await card.getByRole('button', { name: 'Revert to code' }).click();
  await card.locator('.effective-template', { hasText: 'You are a helpful assistant.' }).waitFor();
  assert.equal(await card.locator('.badge.overridden').count(), 0);
  assert.ok(await card.getByRole('button', { name: 'Revert to code' }).isDisabled());
  await admin.goto(`${URL}/console/#/agents`);
  await admin.getByRole('link', { name: 'demo-system' }).waitFor();
});

test('an SSO viewer sees the prompts but cannot override one', async () => {
  const viewer = await (await browser.newContext({ viewport: { width: 1400, height: 900 } })).newPage();
  await viewer.goto(`${URL}/console/`);
  await viewer.getByPlaceholder('Token from your identity provider').fill(idp.token('vera@corp', ['parley-viewer']));
  await viewer.getByRole('button', { name: 'Sign in with SSO' }).click();
  await viewer.getByRole('heading', { name: 'Sessions' }).waitFor();
  await viewer.goto(`${URL}/console/#/prompts`);
  const card = viewer.locator('.prompt-version[data-prompt="demo-system"][data-version="1"]');
  await card.waitFor();
  assert.ok(await card.getByRole('button', { name: 'Override' }).isDisabled(), 'the override button is disabled');
  assert.ok(await card.locator('textarea[name=template]').isDisabled());
  const status = await viewer.evaluate(async () => (await fetch('/console/api/prompts/demo-system/1/override', {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"template":"Viewer text"}' })).status);
  assert.equal(status, 403, 'the API refuses the viewer too');
  await viewer.getByText('Read-only: only parley-admin can change prompts.').waitFor();
});

test('an admin closes a session and finds it in the audit log; a viewer has no audit log', async () => {
  const chat = await createChat();
  await admin.goto(`${URL}/console/#/sessions/${chat.id}`);
  await admin.getByRole('button', { name: 'Close session' }).click();
  await admin.locator('h1 .badge', { hasText: 'CLOSED' }).waitFor();
  await admin.goto(`${URL}/console/#/audit`);
  await admin.getByRole('heading', { name: 'Audit log' }).waitFor();
  await admin.locator('select[name=action]').selectOption('SESSION_CLOSE');
  await admin.getByRole('button', { name: 'Filter' }).click();
  const row = admin.locator('#audit tbody tr', { hasText: chat.id });
  await row.waitFor();
  const text = await row.innerText();
  assert.match(text, /console\s+admin/);
  assert.match(text, /SESSION_CLOSE/);
  assert.match(text, /done/);
  assert.match(text, /reason\s+closed from the console/, 'the detail reads as key and value');
  await shot(admin, 'audit');

  const viewer = await (await browser.newContext({ viewport: { width: 1400, height: 900 } })).newPage();
  await viewer.goto(`${URL}/console/`);
  await viewer.getByPlaceholder('Token from your identity provider').fill(idp.token('audra@corp', ['parley-viewer']));
  await viewer.getByRole('button', { name: 'Sign in with SSO' }).click();
  await viewer.getByRole('heading', { name: 'Sessions' }).waitFor();
  assert.ok(!(await viewer.getByRole('link', { name: 'Audit log' }).isVisible()), 'no audit link for a viewer');
  await viewer.goto(`${URL}/console/#/audit`);
  await viewer.getByText('This needs the parley-admin role').waitFor();
});
