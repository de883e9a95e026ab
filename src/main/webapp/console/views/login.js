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
    error);
  const ssoError = h('p', { class: 'error', role: 'alert' });
  const sso = h('form', { class: 'card login', onsubmit: async (e) => {
    e.preventDefault();
    ssoError.textContent = '';
    const res = await fetch('/console/api/auth/sso', { method: 'POST', credentials: 'same-origin',
      headers: { Authorization: `Bearer ${sso.token.value.trim()}`, 'X-Parley-Console': '1' } });
    if (res.ok) await onSignedIn(await res.json());
    else ssoError.textContent = res.status === 403 ? 'This identity has no console role' : 'The identity provider token was not accepted';
  } },
    h('h2', {}, 'Enterprise SSO'),
    h('input', { name: 'token', placeholder: 'Token from your identity provider', required: true }),
    h('button', { type: 'submit' }, 'Sign in with SSO'),
    ssoError);
  return h('div', {}, form, sso);
}
