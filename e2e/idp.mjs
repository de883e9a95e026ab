// A stand-in enterprise IdP for the browser tests: an RSA key (kept under target/ so a running server's cached JWKS
// stays valid across runs), a JWKS endpoint, and RS256 tokens. It is also an OpenID provider for the console's browser
// sign-in: discovery, an authorization endpoint that signs in whoever the test named (S256 challenge and the
// registered redirect URI required), and a token endpoint that wants the client secret and the verifier.
import { createServer } from 'node:http';
import { generateKeyPairSync, createPrivateKey, createPublicKey, createHash, sign, randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';

const KEY_FILE = new URL('../target/e2e/idp-key.pem', import.meta.url);
export const OIDC_CLIENT = { id: 'parley-console-e2e', secret: 'oidc-e2e-secret' };

function keyPair() {
  if (!existsSync(KEY_FILE)) {
    mkdirSync(new URL('.', KEY_FILE), { recursive: true });
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    writeFileSync(KEY_FILE, privateKey.export({ type: 'pkcs8', format: 'pem' }));
  }
  const privateKey = createPrivateKey(readFileSync(KEY_FILE));
  return { privateKey, publicKey: createPublicKey(privateKey) };
}

export function startIdp({ port, issuer, audience, redirectUri }) {
  const { privateKey, publicKey } = keyPair();
  const kid = 'e2e';
  const self = `http://127.0.0.1:${port}`;
  const jwks = JSON.stringify({ keys: [{ ...publicKey.export({ format: 'jwk' }), kid, alg: 'RS256', use: 'sig' }] });
  const b64 = (v) => Buffer.from(typeof v === 'string' ? v : JSON.stringify(v)).toString('base64url');
  const signed = (claims) => {
    const input = `${b64({ alg: 'RS256', typ: 'JWT', kid })}.${b64(claims)}`;
    return `${input}.${sign('sha256', Buffer.from(input), privateKey).toString('base64url')}`;
  };
  const codes = new Map();
  let user = { sub: 'oidc-user@corp', groups: ['parley-admin'] };

  const discovery = JSON.stringify({ issuer: self, authorization_endpoint: `${self}/authorize`,
    token_endpoint: `${self}/token`, jwks_uri: `${self}/jwks`, response_types_supported: ['code'],
    subject_types_supported: ['public'], id_token_signing_alg_values_supported: ['RS256'],
    code_challenge_methods_supported: ['S256'], token_endpoint_auth_methods_supported: ['client_secret_basic'] });

  function authorize(q, res) {
    if (q.get('client_id') !== OIDC_CLIENT.id || q.get('redirect_uri') !== redirectUri) {
      res.writeHead(400, { 'Content-Type': 'text/plain' });
      return res.end('unregistered client or redirect URI');
    }
    const back = new URL(redirectUri);
    back.searchParams.set('state', q.get('state') ?? '');
    if (q.get('response_type') === 'code' && q.get('code_challenge_method') === 'S256'
        && /^[A-Za-z0-9_-]{43}$/.test(q.get('code_challenge') ?? '') && q.get('nonce')
        && (q.get('scope') ?? '').split(' ').includes('openid')) {
      const code = randomUUID();
      codes.set(code, { challenge: q.get('code_challenge'), nonce: q.get('nonce'), user });
      back.searchParams.set('code', code);
    } else {
      back.searchParams.set('error', 'invalid_request');
    }
    res.writeHead(302, { Location: back.toString() });
    res.end();
  }

  function token(req, body, res) {
    const basic = `Basic ${Buffer.from(`${OIDC_CLIENT.id}:${OIDC_CLIENT.secret}`).toString('base64')}`;
    const f = new URLSearchParams(body);
    const grant = codes.get(f.get('code'));
    codes.delete(f.get('code'));
    const verifier = f.get('code_verifier') ?? '';
    if (req.headers.authorization !== basic || !grant || f.get('grant_type') !== 'authorization_code'
        || f.get('redirect_uri') !== redirectUri
        || createHash('sha256').update(verifier).digest('base64url') !== grant.challenge) {
      res.writeHead(400, { 'Content-Type': 'application/json' });
      return res.end('{"error":"invalid_grant"}');
    }
    const now = Math.floor(Date.now() / 1000);
    const idToken = signed({ iss: self, aud: OIDC_CLIENT.id, sub: grant.user.sub, groups: grant.user.groups,
      nonce: grant.nonce, iat: now, exp: now + 600 });
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify({ access_token: randomUUID(), token_type: 'Bearer', expires_in: 300, id_token: idToken }));
  }

  const server = createServer((req, res) => {
    const url = new URL(req.url, self);
    if (url.pathname === '/authorize') return authorize(url.searchParams, res);
    if (url.pathname === '/token' && req.method === 'POST') {
      let body = '';
      req.on('data', (c) => { body += c; });
      return req.on('end', () => token(req, body, res));
    }
    const found = { '/jwks': jwks, '/.well-known/openid-configuration': discovery }[url.pathname];
    res.writeHead(found ? 200 : 404, { 'Content-Type': 'application/json' });
    res.end(found ?? '{}');
  });
  return new Promise((resolve) => server.listen(port, '127.0.0.1', () => resolve({
    token(sub, groups) {
      const now = Math.floor(Date.now() / 1000);
      return signed({ iss: issuer, aud: audience, sub, groups, iat: now, exp: now + 3600, jti: randomUUID() });
    },
    /** Who the authorization endpoint signs in from now on. */
    signInAs(sub, groups) { user = { sub, groups }; },
    close: () => server.close(),
  })));
}
