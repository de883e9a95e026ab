// The audit log (admins only): every admin action through the console or the API's secret-key routes, newest first,
// paged by entry id, filtered by action and actor. Each entry's detail is shown as key/value pairs, not raw JSON text.
import { api } from '../api.js';
import { h, when, badge } from '../dom.js';

const value = (v) => (typeof v === 'string' ? v : JSON.stringify(v, null, 1));

const detailView = (detail) => {
  const entries = Object.entries(detail ?? {});
  if (!entries.length) return '';
  return h('dl', { class: 'kv' }, entries.flatMap(([k, v]) => [h('dt', {}, k), h('dd', {}, h('code', {}, value(v)))]));
};

export async function auditView(q) {
  const params = new URLSearchParams();
  for (const k of ['action', 'actor', 'before', 'after']) if (q.get(k)) params.set(k, q.get(k));
  params.set('limit', '50');
  const page = await api(`/audit?${params}`);

  const form = h('form', { class: 'filters', onsubmit: (e) => {
    e.preventDefault();
    const next = new URLSearchParams();
    for (const el of form.elements) if (el.name && el.value) next.set(el.name, el.value.trim());
    location.hash = `#/audit?${next}`;
  } },
    h('label', {}, 'Action', h('select', { name: 'action' }, ['', ...page.actions]
      .map((a) => h('option', { value: a, selected: q.get('action') === a }, a || 'any')))),
    h('label', {}, 'Actor (user, SSO subject or key id)', h('input', { name: 'actor', value: q.get('actor') ?? '' })),
    h('button', { class: 'primary', type: 'submit' }, 'Filter'));

  const pageLink = (key, cursor, label) => {
    const next = new URLSearchParams(q);
    next.delete('after'); next.delete('before');
    next.set(key, cursor);
    return h('a', { href: `#/audit?${next}` }, label);
  };
  const rows = page.data.map((e) => h('tr', { 'data-id': e.id },
    h('td', {}, when(e.at)),
    h('td', {}, h('span', { class: 'muted' }, `${e.actor.kind} `), e.actor.name),
    h('td', {}, h('code', {}, e.action)),
    h('td', {}, e.target ? h('code', {}, e.target) : ''),
    h('td', {}, badge(e.outcome), e.reason ? h('div', { class: 'muted' }, e.reason) : ''),
    h('td', {}, detailView(e.detail))));
  return { el: h('section', {}, h('h1', {}, 'Audit log'), form,
    h('table', { id: 'audit' }, h('thead', {}, h('tr', {}, ['When', 'Actor', 'Action', 'Target', 'Outcome', 'Detail']
      .map((t) => h('th', {}, t)))),
      h('tbody', {}, rows.length ? rows : h('tr', {}, h('td', { colspan: 6, class: 'muted' }, 'No entries')))),
    h('p', { class: 'actions' },
      page.pagination.previous ? pageLink('after', page.pagination.previous, '← Newer') : '',
      page.pagination.next ? pageLink('before', page.pagination.next, 'Older →') : '')) };
}
