// Hash routing: "#/resumes/12?page=2" picks a view, checks the session, and renders it
// into <main>. Leaving a page aborts its signal, which stops its polling.

import { ApiError } from './api.js';
import { h } from './dom.js';
import { user } from './session.js';
import { emptyState, errorAlert, pageHeader } from './ui.js';

const routes = [];
let controller = null;
const navListeners = new Set();

/** Declare a route: '/resumes/:id' -> view(ctx); `public` routes need no session. */
export function route(pattern, view, { public: isPublic = false, wide = false } = {}) {
  const names = [];
  const source = pattern.replace(/:(\w+)/g, (_, name) => {
    names.push(name);
    return '([^/]+)';
  });
  routes.push({ regex: new RegExp(`^${source}$`), names, view, isPublic, wide });
}

/** The current hash as a path and its query parameters. */
export function location() {
  const raw = window.location.hash.replace(/^#/, '') || '/';
  const [path, search = ''] = raw.split('?');
  return { path, query: Object.fromEntries(new URLSearchParams(search)) };
}

function hashFor(path, query = {}) {
  const search = new URLSearchParams(
    Object.entries(query).filter(
      ([, value]) => value !== undefined && value !== null && value !== '',
    ),
  ).toString();
  return `#${path}${search ? `?${search}` : ''}`;
}

/** Go to a page (renders it, adds a history entry). */
export function navigate(path, query) {
  const target = hashFor(path, query);
  if (window.location.hash === target) render();
  else window.location.hash = target;
}

/** Change the current page's query without re-rendering it (filters, pages). */
export function replaceQuery(query) {
  history.replaceState(null, '', hashFor(location().path, query));
}

/** Call `listener(path)` after each route change (the navigation highlights its link). */
export function onNavigate(listener) {
  navListeners.add(listener);
}

function match(path) {
  for (const candidate of routes) {
    const found = candidate.regex.exec(path);
    if (found) {
      const params = Object.fromEntries(
        candidate.names.map((name, index) => [name, decodeURIComponent(found[index + 1])]),
      );
      return { ...candidate, params };
    }
  }
  return null;
}

function notFound(ctx) {
  ctx.title('Not found');
  ctx.mount(
    pageHeader('Page not found'),
    emptyState({
      title: 'There is nothing at this address',
      text: 'The link may be old, or the record was deleted.',
      actions: [h('a', { class: 'btn btn-primary', href: '#/board' }, 'Go to your board')],
    }),
  );
}

function errorPage(error) {
  return [
    pageHeader('Something went wrong'),
    errorAlert(error, { title: 'This page could not be loaded.' }),
    h('p', { class: 'muted' }, h('a', { href: '#/board' }, 'Back to your board')),
  ];
}

/** Render the page the hash names; `focus: false` re-renders in place (no focus move). */
export async function render({ focus = true } = {}) {
  const { path, query } = location();
  if (path === '/' || path === '') {
    navigate(user() ? '/board' : '/login');
    return;
  }
  const found = match(path);
  if (found && !found.isPublic && !user()) {
    navigate('/login', { next: hashFor(path, query).slice(1) });
    return;
  }
  if (found?.isPublic && user()) {
    navigate('/board');
    return;
  }
  controller?.abort();
  controller = new AbortController();
  if (focus) for (const dialog of document.querySelectorAll('dialog[open]')) dialog.close();
  const { signal } = controller;
  const main = document.getElementById('main');
  main.classList.toggle('page-wide', Boolean(found?.wide));
  if (focus) {
    main.replaceChildren(h('p', { class: 'loading', role: 'status' }, 'Loading…'));
    window.scrollTo(0, 0);
  }
  for (const listener of navListeners) listener(path);
  const ctx = {
    params: found?.params || {},
    query,
    signal,
    title: (text) => {
      document.title = `${text} · Jatify`;
    },
    mount: (...nodes) => {
      if (!signal.aborted) main.replaceChildren(...nodes.flat());
    },
    reload: () => render({ focus: false }),
  };
  try {
    await (found ? found.view(ctx) : notFound(ctx));
  } catch (error) {
    if (signal.aborted || (error instanceof ApiError && error.status === 401)) return;
    console.error(error);
    ctx.title('Error');
    ctx.mount(...errorPage(error));
  }
  if (focus && !signal.aborted) main.querySelector('h1')?.focus({ preventScroll: true });
}

/** Start listening to the hash. */
export function start() {
  window.addEventListener('hashchange', () => render());
  return render();
}
