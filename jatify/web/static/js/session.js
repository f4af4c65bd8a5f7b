// Who is logged in: register, log in (cookie mode), log out, and the current user.

import { ApiError, api, hasRefreshCookie, request } from './api.js';

let currentUser = null;
const listeners = new Set();

function setUser(user) {
  currentUser = user;
  for (const listener of listeners) listener(user);
}

/** The logged-in user, or null. */
export function user() {
  return currentUser;
}

/** Call `listener(user)` whenever someone logs in or out. */
export function onUserChange(listener) {
  listeners.add(listener);
}

/** Find out who the cookies belong to (null when nobody is logged in). */
export async function loadUser() {
  if (!document.cookie.includes('csrf_access_token') && !hasRefreshCookie()) {
    setUser(null);
    return null;
  }
  try {
    setUser(await api.get('/api/user/profile'));
  } catch (error) {
    if (!(error instanceof ApiError) || error.status !== 401) throw error;
    setUser(null);
  }
  return currentUser;
}

/** Log in: the API sets the HttpOnly session cookies and answers the user. */
export async function logIn(email, password) {
  const answer = await request('POST', '/api/auth/login', {
    body: { email, password, cookies: true },
    auth: false,
  });
  setUser(answer.user);
  return answer.user;
}

/** Create an account, then log in with it. */
export async function register(fields) {
  await request('POST', '/api/auth/register', { body: fields, auth: false });
  return logIn(fields.email, fields.password);
}

/** End the session on the server (its cookies are cleared) and forget the user. */
export async function logOut() {
  try {
    await api.post('/api/auth/logout');
  } finally {
    setUser(null);
  }
}

/** Forget the user after the server refused the session (expired or revoked). */
export function forget() {
  setUser(null);
}
