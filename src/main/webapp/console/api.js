// The console API: every call carries the HttpOnly console cookie; errors come back as {error}.
export class ApiError extends Error {
  constructor(status, body) {
    super(body?.error ?? `HTTP ${status}`);
    this.status = status;
    this.body = body;
  }
}

export async function api(path, { method = 'GET', body } = {}) {
  const res = await fetch(`/console/api${path}`, {
    method,
    credentials: 'same-origin',
    // every state change carries the console's header: the server refuses changes without it or a JSON body (CSRF)
    headers: body === undefined ? { 'X-Parley-Console': '1' } : { 'Content-Type': 'application/json', 'X-Parley-Console': '1' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  const json = text ? JSON.parse(text) : null;
  if (!res.ok) {
    throw new ApiError(res.status, json);
  }
  return json;
}
