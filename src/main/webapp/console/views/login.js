// Sign-in with the built-in local admin credential. SSO sign-in exchanges an IdP token at /console/api/auth/sso.
import { api } from '../api.js';
import { h } from '../dom.js';

export function loginView(onSignedIn) {
  const error = h('p', { class: 'error', role: 'alert' });
  const form = h('form', { class: 'card login', onsubmit: async (e) => {
    e.preventDefault();
    error.textContent = '';
    try {
      const user = await api('/auth/login', { method: 'POST',
        body: { username: form.username.value, password: form.password.value } });
      await onSignedIn(user);
    } catch (err) {
      error.textContent = err.message;
    }
  } },
    h('h1', {}, 'Sign in to Parley'),
    h('input', { name: 'username', placeholder: 'User name', autocomplete: 'username', value: 'admin', required: true }),
    h('input', { name: 'password', type: 'password', placeholder: 'Password', autocomplete: 'current-password', required: true }),
    h('button', { class: 'primary', type: 'submit' }, 'Sign in'),
    error,
    h('p', { class: 'muted' }, 'Enterprise SSO: see docs/console.md.'));
  return form;
}
