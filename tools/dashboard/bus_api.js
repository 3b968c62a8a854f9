// The bus's POST endpoints behind its bearer token. The token is asked for
// once and kept in sessionStorage (gone when the tab closes); a 401 or 403
// forgets it so that the operator is asked again.

const KEY = 'lume.bus-token';

export const token = {
  get: () => sessionStorage.getItem(KEY) ?? '',
  set: (value) => sessionStorage.setItem(KEY, value),
  forget: () => sessionStorage.removeItem(KEY),
};

/// POSTs `body` as JSON to `path`: {status, json} (json null if the answer
/// is no JSON); throws only when the bus cannot be reached.
export async function post(path, body) {
  const response = await fetch(path, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token.get()}` },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  let json = null;
  try { json = JSON.parse(text); } catch { /* shown as text */ }
  if (response.status === 401 || response.status === 403) token.forget();
  return { status: response.status, json, text };
}
