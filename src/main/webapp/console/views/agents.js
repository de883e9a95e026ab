// Every deployed agent with its configuration, its hooks, its prompts' versions, live session counts by run state
// and the tokens its sessions spent.
import { api } from '../api.js';
import { h } from '../dom.js';

export async function agentsView() {
  const { data } = await api('/agents');
  const rows = data.map((a) => h('tr', {},
    h('td', {}, h('strong', {}, a.id), h('div', { class: 'muted' }, h('code', {}, a.class))),
    h('td', {}, Object.entries(a.config).map(([k, v]) => h('div', {}, h('span', { class: 'muted' }, `${k}: `), String(v)))),
    h('td', {}, Object.keys(a.hooks).length ? Object.entries(a.hooks).map(([k, v]) => h('div', {}, `${k} → ${v.join(', ')}`)) : h('span', { class: 'muted' }, 'none')),
    h('td', {}, a.prompts.length ? a.prompts.map((p) => h('div', {}, h('a', { href: '#/prompts' }, h('code', {}, p.name)), ' ',
      p.versions.map((v) => h('span', { class: 'muted' }, `v${v.version}${v.model ? ` (${v.model})` : ''}${v.overridden ? ' overridden' : ''} `)))) : h('span', { class: 'muted' }, 'none')),
    h('td', { class: 'counts' }, Object.entries(a.sessions).map(([k, v]) => h('span', {}, `${k} `, h('strong', {}, v)))),
    h('td', { class: 'counts' }, h('span', {}, 'in ', h('strong', {}, a.usage.inputTokens)), h('span', {}, 'cached ', h('strong', {}, a.usage.cacheReadTokens)),
      h('span', {}, 'out ', h('strong', {}, a.usage.outputTokens))),
    h('td', {}, h('a', { href: `#/sessions?agent=${encodeURIComponent(a.id)}` }, 'sessions'))));
  return { el: h('section', {}, h('h1', {}, 'Agents'),
    h('table', {}, h('thead', {}, h('tr', {}, ['Agent', 'Configuration', 'Hooks', 'Prompts', 'Live sessions', 'Tokens (all sessions)', ''].map((t) => h('th', {}, t)))),
      h('tbody', {}, rows))) };
}
