// The console shell: sign-in gate, hash routes, the signed-in user in the header.
import { api, ApiError } from './api.js';
import { h } from './dom.js';
import { loginView } from './views/login.js';
import { agentsView } from './views/agents.js';
import { sessionsView } from './views/sessions.js';
import { sessionView } from './views/session.js';
import { turnView } from './views/turn.js';
import { playgroundView } from './views/playground.js';
import { environmentsView } from './views/environments.js';
import { metricsView } from './views/metrics.js';
import { promptsView } from './views/prompts.js';
import { auditView } from './views/audit.js';

const main = document.getElementById('main');
let me = null;
let cleanup = null;

const routes = [
  [/^#\/agents$/, () => agentsView()],
  [/^#\/sessions$/, (m, q) => sessionsView(q)],
  [/^#\/sessions\/(session_[A-Za-z0-9_-]+)$/, (m) => sessionView(m[1], me)],
  [/^#\/sessions\/(session_[A-Za-z0-9_-]+)\/turns\/(\d+)$/, (m) => turnView(m[1], m[2])],
  [/^#\/playground$/, () => playgroundView(me)],
  [/^#\/environments$/, () => environmentsView(me)],
  [/^#\/metrics$/, (m, q) => metricsView(me, q)],
  [/^#\/prompts$/, () => promptsView(me)],
  [/^#\/audit$/, (m, q) => auditView(q)],
];

async function render() {
  if (cleanup) { cleanup(); cleanup = null; }
  if (!me) {
    try {
      me = await api('/auth/me');
    } catch (e) {
      if (!(e instanceof ApiError) || e.status !== 401) throw e;
      main.replaceChildren(loginView(async (user) => { me = user; await render(); }));
      document.getElementById('nav').hidden = true;
      document.getElementById('who').replaceChildren();
      return;
    }
  }
  document.getElementById('nav').hidden = false;
  // the audit log is for admins only (its route refuses viewers too)
  document.getElementById('nav-audit').hidden = me.role !== 'parley-admin';
  document.getElementById('who').replaceChildren(`${me.subject} (${me.role})  `,
    h('button', { onclick: async () => { await api('/auth/logout', { method: 'POST' }); me = null; render(); } }, 'Sign out'));
  const [path, query] = (location.hash || '#/sessions').split('?');
  for (const a of document.querySelectorAll('nav a')) a.classList.toggle('active', path.startsWith(a.getAttribute('href')));
  for (const [re, view] of routes) {
    const m = path.match(re);
    if (m) {
      main.replaceChildren(h('p', { class: 'muted' }, 'Loading…'));
      try {
        const v = await view(m, new URLSearchParams(query ?? ''));
        main.replaceChildren(v.el);
        cleanup = v.close ?? null;
      } catch (e) {
        if (e instanceof ApiError && e.status === 401) { me = null; return render(); }
        main.replaceChildren(h('p', { class: 'error' }, e.message));
      }
      return;
    }
  }
  location.hash = '#/sessions';
}

window.addEventListener('hashchange', render);
render();
