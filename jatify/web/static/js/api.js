// The JSON API client: the same public API as every other client.
// Auth travels in HttpOnly cookies set by POST /api/auth/login {"cookies": true};
// state-changing requests send the double-submit CSRF cookie back in X-CSRF-TOKEN.
// Every failure becomes an ApiError carrying the envelope's code, message and details.

const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const ACCESS_CSRF_COOKIE = 'csrf_access_token';
const REFRESH_CSRF_COOKIE = 'csrf_refresh_token';
const MAX_PAGES = 50;

export class ApiError extends Error {
  constructor(status, code, message, details = null, retryAfter = null) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.details = details;
    this.retryAfter = retryAfter;
  }
}

let sessionEnded = async () => false;
let refreshing = null;

/**
 * Register what to do when the session cannot be renewed (a 401 after a refresh):
 * `handler()` resolves true once there is a new session, and the request is sent again.
 */
export function onSessionEnded(handler) {
  sessionEnded = handler;
}

function readCookie(name) {
  const prefix = `${name}=`;
  const found = document.cookie.split('; ').find((part) => part.startsWith(prefix));
  return found ? decodeURIComponent(found.slice(prefix.length)) : null;
}

function buildUrl(path, query) {
  const url = new URL(path, window.location.origin);
  for (const [key, value] of Object.entries(query || {})) {
    if (Array.isArray(value)) for (const item of value) url.searchParams.append(key, item);
    else if (value !== undefined && value !== null && value !== '') url.searchParams.set(key, value);
  }
  return url;
}

function networkError() {
  return new ApiError(
    0,
    'network_error',
    'Jatify could not be reached. Check your connection and try again.',
  );
}

async function send(method, path, { body, form, query, csrfCookie = ACCESS_CSRF_COOKIE } = {}) {
  const headers = { Accept: 'application/json' };
  let payload;
  if (form) {
    payload = form;
  } else if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
    payload = JSON.stringify(body);
  }
  if (UNSAFE_METHODS.has(method)) {
    const token = readCookie(csrfCookie);
    if (token) headers['X-CSRF-TOKEN'] = token;
  }
  try {
    return await fetch(buildUrl(path, query), {
      method,
      headers,
      body: payload,
      credentials: 'same-origin',
    });
  } catch {
    throw networkError();
  }
}

/** POST `form` by XMLHttpRequest, the one API that reports upload progress; a Response. */
function sendWithProgress(path, form, onProgress) {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', buildUrl(path));
    xhr.setRequestHeader('Accept', 'application/json');
    const token = readCookie(ACCESS_CSRF_COOKIE);
    if (token) xhr.setRequestHeader('X-CSRF-TOKEN', token);
    xhr.upload.addEventListener('progress', (event) => {
      if (event.lengthComputable) onProgress(event.loaded, event.total);
    });
    xhr.addEventListener('load', () => {
      const headers = new Headers();
      for (const name of ['Content-Type', 'Retry-After']) {
        const value = xhr.getResponseHeader(name);
        if (value) headers.set(name, value);
      }
      const body = [204, 205, 304].includes(xhr.status) ? null : xhr.response;
      resolve(new Response(body, { status: xhr.status, statusText: xhr.statusText, headers }));
    });
    xhr.addEventListener('error', () => reject(networkError()));
    xhr.send(form);
  });
}

async function parse(response) {
  if (response.status === 204) return null;
  const type = response.headers.get('Content-Type') || '';
  const data = type.includes('application/json') ? await response.json().catch(() => null) : null;
  if (response.ok) return data;
  const error = data && data.error;
  if (error) {
    throw new ApiError(
      response.status,
      error.code,
      error.message,
      error.details || null,
      response.headers.get('Retry-After'),
    );
  }
  const reason = `${response.status} ${response.statusText}`.trim();
  throw new ApiError(
    response.status,
    'http_error',
    `The server answered ${reason}. Try again in a moment.`,
  );
}

/** True when the browser holds a refresh cookie (its CSRF twin is readable). */
export function hasRefreshCookie() {
  return readCookie(REFRESH_CSRF_COOKIE) !== null;
}

/**
 * Run `task` holding the refresh lock shared by this site's tabs. Each refresh spends the
 * refresh cookie (the next one replaces it), and the tabs share their cookies: two tabs
 * refreshing with the same one would look like a stolen token and end the login.
 */
function withRefreshLock(task) {
  return navigator.locks ? navigator.locks.request('jatify-refresh', task) : task();
}

/** Renew both cookies with the refresh cookie; one request at a time, across tabs too. */
export function refreshSession() {
  if (!hasRefreshCookie()) return Promise.resolve(false);
  const before = readCookie(ACCESS_CSRF_COOKIE);
  refreshing ??= withRefreshLock(async () => {
    // Another tab renewed the cookies while this one waited: use them as they are.
    if (readCookie(ACCESS_CSRF_COOKIE) !== before) return true;
    const response = await send('POST', '/api/auth/refresh', { csrfCookie: REFRESH_CSRF_COOKIE });
    return response.ok;
  })
    .catch(() => false)
    .finally(() => {
      refreshing = null;
    });
  return refreshing;
}

/**
 * Send one request and return the parsed JSON (null for 204).
 * An expired or missing access cookie is renewed once; `auth: false` skips that
 * (login and register answer 401 for wrong credentials, not for an old session).
 */
export function request(method, path, options = {}) {
  return withSession(() => send(method, path, options), options.auth !== false);
}

async function withSession(sendOnce, renew) {
  let response = await sendOnce();
  if (response.status === 401 && renew) {
    if (await refreshSession()) response = await sendOnce();
    if (response.status === 401 && (await sessionEnded())) response = await sendOnce();
  }
  return parse(response);
}

/**
 * Upload a multipart form like `api.upload`, calling `onProgress(sentBytes, totalBytes)`
 * while the body goes out.
 */
export function uploadWithProgress(path, form, onProgress) {
  return withSession(() => sendWithProgress(path, form, onProgress), true);
}

export const api = {
  get: (path, query) => request('GET', path, { query }),
  post: (path, body) => request('POST', path, { body: body ?? {} }),
  put: (path, body) => request('PUT', path, { body }),
  del: (path) => request('DELETE', path),
  upload: (path, form) => request('POST', path, { form }),
};

/** Every item of a paginated list, 100 per request (capped at MAX_PAGES pages). */
export async function fetchAll(path, query = {}) {
  const items = [];
  for (let page = 1; page <= MAX_PAGES; page += 1) {
    const answer = await api.get(path, { ...query, page, page_size: 100 });
    items.push(...answer.items);
    if (page >= answer.pages) break;
  }
  return items;
}

let statusesCache = null;

/** The status pipeline, ordered by position (fetched once per page load). */
export async function getStatuses() {
  statusesCache ??= api
    .get('/api/statuses')
    .then((answer) => answer.items)
    .catch((error) => {
      statusesCache = null;
      throw error;
    });
  return statusesCache;
}
