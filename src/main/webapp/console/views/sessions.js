// The sessions of one environment: filters map onto the Sessions API's list query, plus a substring search;
// cursor paging. A whole session id opens that session.
import { api } from '../api.js';
import { h, when, badge } from '../dom.js';

const FILTERS = [
  ['search', 'Search (id, external id, agent, tag)'], ['agent', 'Agent'], ['type', 'Type'], ['tag', 'Tag'],
];

export async function sessionsView(q) {
  if (/^session_[A-Za-z0-9_-]{20,}$/.test(q.get('search') ?? '')) {
    location.hash = `#/sessions/${q.get('search')}`;
    return { el: h('p', {}, 'Opening…') };
  }
  const params = new URLSearchParams();
  params.set('environment', q.get('environment') || 'default');
  params.set('page[size]', '25');
  if (q.get('search')) params.set('filter[search]', q.get('search'));
  if (q.get('agent')) params.set('filter[taskIdentifier]', q.get('agent'));
  if (q.get('type')) params.set('filter[type]', q.get('type'));
  if (q.get('tag')) params.set('filter[tags]', q.get('tag'));
  if (q.get('status')) params.set('filter[status]', q.get('status'));
  if (q.get('from')) params.set('filter[createdAt][from]', String(Date.parse(q.get('from'))));
  if (q.get('to')) params.set('filter[createdAt][to]', String(Date.parse(q.get('to'))));
  if (q.get('after')) params.set('page[after]', q.get('after'));
  if (q.get('before')) params.set('page[before]', q.get('before'));
  const page = await api(`/sessions?${params}`);

  const form = h('form', { class: 'filters', onsubmit: (e) => {
    e.preventDefault();
    const next = new URLSearchParams();
    for (const el of form.elements) if (el.name && el.value) next.set(el.name, el.value);
    location.hash = `#/sessions?${next}`;
  } },
    h('label', {}, 'Environment', h('input', { name: 'environment', value: page.environment, size: 10 })),
    FILTERS.map(([name, label]) => h('label', {}, label, h('input', { name, value: q.get(name) ?? '' }))),
    h('label', {}, 'Status', h('select', { name: 'status' }, ['', 'ACTIVE', 'CLOSED', 'EXPIRED']
      .map((s) => h('option', { value: s, selected: q.get('status') === s }, s || 'any')))),
    h('label', {}, 'Created from', h('input', { name: 'from', type: 'datetime-local', value: q.get('from') ?? '' })),
    h('label', {}, 'to', h('input', { name: 'to', type: 'datetime-local', value: q.get('to') ?? '' })),
    h('button', { class: 'primary', type: 'submit' }, 'Search'));

  const pageLink = (key, cursor, label) => {
    const next = new URLSearchParams(q);
    next.delete('after'); next.delete('before');
    next.set(key, cursor);
    return h('a', { href: `#/sessions?${next}` }, label);
  };
  const rows = page.data.map((s) => h('tr', {},
    h('td', {}, h('a', { href: `#/sessions/${s.id}` }, s.id)),
    h('td', {}, s.externalId ?? ''), h('td', {}, s.taskIdentifier), h('td', {}, s.type),
    h('td', {}, s.tags.join(', ')), h('td', {}, badge(s.status)), h('td', {}, badge(s.runStatus)),
    h('td', {}, when(s.createdAt))));
  return { el: h('section', {}, h('h1', {}, 'Sessions'), form,
    h('table', {}, h('thead', {}, h('tr', {}, ['Session', 'External id', 'Agent', 'Type', 'Tags', 'Status', 'Run', 'Created']
      .map((t) => h('th', {}, t)))), h('tbody', {}, rows.length ? rows : h('tr', {}, h('td', { colspan: 8, class: 'muted' }, 'No sessions')))),
    h('p', { class: 'actions' },
      page.pagination.previous ? pageLink('before', page.pagination.previous, '← Newer') : '',
      page.pagination.next ? pageLink('after', page.pagination.next, 'Older →') : '')) };
}
