// The code-defined prompts and their versions. Admins override a version's text and/or model, or revert it to the
// code-defined version or to an earlier override; every change is listed with who made it, when, and old → new.
import { api } from '../api.js';
import { h, when } from '../dom.js';

const shown = (side) => (side.code ? 'code-defined' : `${side.model ?? 'agent’s choice'}: ${side.template}`);

export async function promptsView(me) {
  const admin = me.role === 'parley-admin';
  const { data, models } = await api('/prompts');
  const error = h('p', { class: 'error', role: 'alert' });
  const rerender = () => { location.hash = `#/prompts?t=${Date.now()}`; };
  const run = (fn) => async () => {
    error.textContent = '';
    try { await fn(); rerender(); } catch (e) { error.textContent = e.message; }
  };

  const versionCard = (p) => {
    const base = `/prompts/${encodeURIComponent(p.name)}/${p.version}`;
    const text = h('textarea', { name: 'template', rows: 4, disabled: !admin }, p.effective.template);
    const model = h('select', { name: 'model', disabled: !admin },
      h('option', { value: '' }, '(agent’s choice)'),
      models.map((m) => h('option', { value: m, selected: m === p.effective.model }, m)));
    const history = p.history.map((c) => h('tr', {},
      h('td', {}, `#${c.id}`), h('td', {}, c.action + (c.revertedTo ? ` to #${c.revertedTo}` : '')),
      h('td', {}, c.actor), h('td', {}, when(c.at)),
      h('td', {}, h('div', { class: 'muted' }, shown(c.old)), h('div', {}, '→ ', shown(c.new))),
      h('td', {}, c.new.code ? '' : h('button', { class: 'revert-to', disabled: !admin,
        onclick: run(() => api(`${base}/revert`, { method: 'POST', body: { to: c.id } })) }, `Revert to #${c.id}`))));
    return h('div', { class: 'card prompt-version', 'data-prompt': p.name, 'data-version': p.version, style: 'margin-bottom:12px' },
      h('h2', {}, h('code', {}, p.name), ` v${p.version} `, p.overridden ? h('span', { class: 'badge overridden' }, 'overridden') : h('span', { class: 'muted' }, 'as in code')),
      h('div', {}, h('span', { class: 'muted' }, 'Code: '), h('code', { class: 'code-template' }, p.code.template),
        h('span', { class: 'muted' }, ` model: ${p.code.model ?? 'agent’s choice'}; variables: ${p.code.variables.join(', ') || 'none'}`)),
      h('div', {}, h('span', { class: 'muted' }, 'In force: '), h('code', { class: 'effective-template' }, p.effective.template),
        h('span', { class: 'muted' }, ` model: ${p.effective.model ?? 'agent’s choice'}; variables: ${p.effective.variables.join(', ') || 'none'}`)),
      h('form', { class: 'override', onsubmit: (e) => {
        e.preventDefault();
        run(() => api(`${base}/override`, { method: 'POST', body: { template: text.value, model: model.value || null } }))();
      } }, h('label', {}, 'Text', text), h('label', {}, 'Model', model),
        h('div', { class: 'actions' }, h('button', { class: 'primary', type: 'submit', disabled: !admin }, 'Override'),
          h('button', { type: 'button', class: 'revert-code', disabled: !admin || !p.overridden,
            onclick: run(() => api(`${base}/revert`, { method: 'POST' })) }, 'Revert to code'))),
      p.history.length ? h('table', { class: 'history' }, h('thead', {}, h('tr', {}, ['Change', 'Action', 'Who', 'When', 'Old → new', ''].map((t) => h('th', {}, t)))),
        h('tbody', {}, history)) : h('p', { class: 'muted' }, 'Never changed in the console.'));
  };

  const promptSection = (prompt) => h('section', { class: 'prompt' },
    h('p', {}, h('strong', {}, prompt.name), h('span', { class: 'muted' }, ` latest v${prompt.latest}; used by ${prompt.agents.join(', ') || 'no declared agent'}`)),
    prompt.versions.map(versionCard));

  return { el: h('section', {}, h('h1', {}, 'Prompts'),
    h('p', { class: 'muted' }, admin ? 'Changes apply to the next turn on every node.' : 'Read-only: only parley-admin can change prompts.'),
    error, data.length ? data.map(promptSection) : h('p', { class: 'muted' }, 'No prompts are defined in code.')) };
}
