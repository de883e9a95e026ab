// Environments and their secret keys. A new key is shown once, in this page, right after it is created.
import { api } from '../api.js';
import { h, when } from '../dom.js';

export async function environmentsView(me) {
  const admin = me.role === 'parley-admin';
  const { data } = await api('/environments');
  const secretBox = h('div', { id: 'new-secret' });
  const error = h('p', { class: 'error', role: 'alert' });
  const rerender = () => { location.hash = `#/environments?t=${Date.now()}`; };

  const showSecret = (label, secret) => secretBox.replaceChildren(h('div', { class: 'card' },
    h('strong', {}, label), h('p', {}, 'Copy it now: it is shown only once.'), h('pre', { class: 'secret' }, secret)));

  const run = (fn) => async () => {
    error.textContent = '';
    try { await fn(); } catch (e) { error.textContent = e.message; }
  };

  const create = h('form', { class: 'filters', onsubmit: (e) => {
    e.preventDefault();
    run(async () => {
      const env = await api('/environments', { method: 'POST', body: { slug: create.slug.value, name: create.name.value || undefined } });
      showSecret(`Environment ${env.slug} created. Its secret key:`, env.key.secret);
    })();
  } },
    h('label', {}, 'Slug', h('input', { name: 'slug', placeholder: 'staging', required: true, disabled: !admin })),
    h('label', {}, 'Name', h('input', { name: 'name', placeholder: 'Staging', disabled: !admin })),
    h('button', { class: 'primary', type: 'submit', disabled: !admin }, 'Create environment'));

  const envCard = (env) => h('div', { class: 'card', style: 'margin-bottom:12px' },
    h('h2', {}, `${env.name} `, h('code', {}, env.slug), ' ', h('span', { class: 'muted' }, env.id)),
    h('table', {}, h('thead', {}, h('tr', {}, ['Key', 'Hint', 'Created', 'State', ''].map((t) => h('th', {}, t)))),
      h('tbody', {}, env.keys.map((k) => h('tr', {}, h('td', {}, h('code', {}, k.id)), h('td', {}, h('code', {}, k.hint)),
        h('td', {}, when(k.createdAt)), h('td', {}, k.revoked ? 'revoked' : 'active'),
        h('td', {}, k.revoked ? '' : h('button', { class: 'danger', disabled: !admin,
          onclick: run(async () => { await api(`/environments/${env.slug}/keys/${k.id}/revoke`, { method: 'POST' }); rerender(); }) }, 'Revoke')))))),
    h('div', { class: 'actions' }, h('button', { disabled: !admin, onclick: run(async () => {
      const key = await api(`/environments/${env.slug}/keys`, { method: 'POST' });
      showSecret(`New secret key for ${env.slug}:`, key.secret);
    }) }, 'Create secret key'),
    h('a', { href: `#/sessions?environment=${env.slug}` }, 'sessions')));

  return { el: h('section', {}, h('h1', {}, 'Environments and keys'), create, error, secretBox, data.map(envCard)) };
}
