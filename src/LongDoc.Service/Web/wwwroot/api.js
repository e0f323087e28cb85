// The public HTTP API, the only source of what the page shows. The key lives in sessionStorage (this tab only)
// and travels in the Authorization header, never in a URL; a 401 signs the tab out with the API's own message.

const KeyName = 'longdoc.key';

export const key = {
  get: () => sessionStorage.getItem(KeyName),
  set: value => sessionStorage.setItem(KeyName, value),
  clear: () => sessionStorage.removeItem(KeyName),
};

export class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

let unauthorized = () => {};

/** What to do when the API answers 401 (the key was wrong or revoked). */
export function onUnauthorized(handler) { unauthorized = handler; }

function headers(extra = {}) {
  const value = key.get();
  return value ? { ...extra, Authorization: `Bearer ${value}` } : extra;
}

function failure(status, body, fallback) {
  const error = new ApiError(status, body?.error?.message ?? fallback);
  if (status === 401) unauthorized(error);
  return error;
}

async function fail(response) {
  let body = null;
  try { body = await response.json(); } catch { /* not JSON: the status line says it */ }
  return failure(response.status, body, `${response.status} ${response.statusText}`);
}

export async function request(method, path, body, signal) {
  const init = { method, signal, headers: headers(body === undefined ? {} : { 'Content-Type': 'application/json' }) };
  if (body !== undefined) init.body = JSON.stringify(body);
  const response = await fetch(path, init);
  if (!response.ok) throw await fail(response);
  if (response.status === 204) return null;
  return (response.headers.get('Content-Type') ?? '').includes('json') ? response.json() : response.text();
}

export const get = (path, signal) => request('GET', path, undefined, signal);
export const post = (path, body) => request('POST', path, body ?? {});
export const put = path => request('PUT', path);
export const remove = path => request('DELETE', path);

/** The bytes of a response (an original file). */
export async function bytes(path, signal) {
  const response = await fetch(path, { headers: headers(), signal });
  if (!response.ok) throw await fail(response);
  return new Uint8Array(await response.arrayBuffer());
}

/** POST /v1/documents with one file; progress(0..1) as it is sent. Resolves with the document, rejects with the API's reason. */
export function upload(file, progress) {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', '/v1/documents');
    for (const [name, value] of Object.entries(headers())) xhr.setRequestHeader(name, value);
    xhr.upload.onprogress = e => { if (e.lengthComputable) progress(e.loaded / e.total); };
    xhr.onload = () => {
      let body = null;
      try { body = JSON.parse(xhr.responseText); } catch { /* not JSON */ }
      if (xhr.status >= 200 && xhr.status < 300) resolve(body);
      else reject(failure(xhr.status, body, `${xhr.status} ${xhr.statusText}`));
    };
    xhr.onerror = () => reject(new ApiError(0, 'the upload did not reach the server'));
    const form = new FormData();
    form.append('file', file, file.name);
    xhr.send(form);
  });
}

/** POST with server-sent events: event(name, data) for each one as it arrives. */
export async function stream(path, body, event, signal) {
  const response = await fetch(path, {
    method: 'POST', signal, body: JSON.stringify(body),
    headers: headers({ 'Content-Type': 'application/json', Accept: 'text/event-stream' }),
  });
  if (!response.ok) throw await fail(response);
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += value;
    for (let end; (end = buffer.indexOf('\n\n')) >= 0; buffer = buffer.slice(end + 2)) {
      let name = 'message';
      let data = '';
      for (const line of buffer.slice(0, end).split('\n')) {
        if (line.startsWith('event:')) name = line.slice(6).trim();
        else if (line.startsWith('data:')) data += line.slice(5).trim();
      }
      if (data) event(name, JSON.parse(data));
    }
  }
}
