// A stand-in enterprise IdP for the browser tests: an RSA key (kept under target/ so a running server's cached JWKS
// stays valid across runs), a JWKS endpoint, and RS256 tokens.
import { createServer } from 'node:http';
import { generateKeyPairSync, createPrivateKey, createPublicKey, sign, randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';

const KEY_FILE = new URL('../target/e2e/idp-key.pem', import.meta.url);

function keyPair() {
  if (!existsSync(KEY_FILE)) {
    mkdirSync(new URL('.', KEY_FILE), { recursive: true });
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    writeFileSync(KEY_FILE, privateKey.export({ type: 'pkcs8', format: 'pem' }));
  }
  const privateKey = createPrivateKey(readFileSync(KEY_FILE));
  return { privateKey, publicKey: createPublicKey(privateKey) };
}

export function startIdp({ port, issuer, audience }) {
  const { privateKey, publicKey } = keyPair();
  const kid = 'e2e';
  const jwks = JSON.stringify({ keys: [{ ...publicKey.export({ format: 'jwk' }), kid, alg: 'RS256', use: 'sig' }] });
  const server = createServer((req, res) => {
    res.writeHead(req.url === '/jwks' ? 200 : 404, { 'Content-Type': 'application/json' });
    res.end(req.url === '/jwks' ? jwks : '{}');
  });
  const b64 = (v) => Buffer.from(typeof v === 'string' ? v : JSON.stringify(v)).toString('base64url');
  return new Promise((resolve) => server.listen(port, '127.0.0.1', () => resolve({
    token(sub, groups) {
      const now = Math.floor(Date.now() / 1000);
      const input = `${b64({ alg: 'RS256', typ: 'JWT', kid })}.${b64({ iss: issuer, aud: audience, sub, groups, iat: now, exp: now + 3600, jti: randomUUID() })}`;
      return `${input}.${sign('sha256', Buffer.from(input), privateKey).toString('base64url')}`;
    },
    close: () => server.close(),
  })));
}
