// Sign-in with the built-in local admin credential; with the IdP in the browser (OIDC) when the server offers it; or
// by pasting an IdP token, exchanged at /console/api/auth/sso.
import { api } from '../api.js';
import { h } from '../dom.js';

// the callback lands here with one of these reasons; nothing else from the URL is shown
const OIDC_ERRORS = {
  off: 'Sign-in with an identity provider is not configured.',
  idp: 'The identity provider could not be reached. Try again later.',
  denied: 'The identity provider did not sign you in.',
  state: 'That sign-in link has expired or was already used. Start again.',
  exchange: 'The identity provider did not confirm the sign-in. Start again.',
  token: 'The identity provider\'s answer was not accepted.',
  role: 'This identity has no console role.',
};

function oidcCard() {
  const params = new URLSearchParams(location.search);
  const reason = params.get('signin_error');
  if (reason !== null) history.replaceState(null, '', location.pathname + location.hash);
  const error = h('p', { class: 'error', role: 'alert' },
    reason === null ? '' : (OIDC_ERRORS[reason] ?? 'The sign-in with the identity provider failed.'));
  const card = h('div', { class: 'card login', hidden: reason === null }, reason === null ? null : error);
  api('/auth/oidc').then((offer) => {
    if (!offer.enabled) return;
    const back = encodeURIComponent('/console/' + location.hash);
    card.prepend(h('a', { class: 'button primary', href: `${offer.start}?return=${back}` }, `Sign in with ${offer.name}`));
    card.hidden = false;
  }).catch(() => {});
  return card;
}

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
  return h('div', {}, oidcCard(), form, sso);
}
