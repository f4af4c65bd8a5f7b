// Hash routing: "#/resumes/12?page=2" picks a view, checks the session, and renders it
// into <main>. Leaving a page aborts its signal, which stops its polling.

import { ApiError } from './api.js';
import { h } from './dom.js';
import { user } from './session.js';
import { emptyState, errorAlert, pageHeader } from './ui.js';

const routes = [];
let controller = null;
let focusNext = null;
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

/**
 * Go to a page (renders it, adds a history entry). Focus lands on its heading, or on the
 * element with the id `focus` (the status of what was just asked for).
 */
export function navigate(path, query, { focus = null } = {}) {
  focusNext = focus;
  const target = hashFor(path, query);
  if (window.location.hash === target) render();
  else window.location.hash = target;
}

function sameQuery(one, other) {
  const canonical = (query) => hashFor('', Object.fromEntries(Object.entries(query).sort()));
  return canonical(one) === canonical(other);
}

/**
 * Show the current page's query (the filters or page the person chose) in the address
 * without re-rendering: a new history entry when it changed, so Back and Forward walk
 * through them (each renders its page again); the same entry, tidied, when it did not.
 */
export function setQuery(query) {
  const method = sameQuery(location().query, query) ? 'replaceState' : 'pushState';
  history[method](null, '', hashFor(location().path, query));
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

/**
 * Keep focus in <main> when its content is replaced in place: on the element of the same
 * id in the new content, else on the heading. Focus elsewhere (a dialog) is left alone.
 */
function replaceKeepingFocus(main, nodes) {
  const focused = document.activeElement;
  const hadFocus = main.contains(focused);
  main.replaceChildren(...nodes);
  if (!hadFocus || main.contains(document.activeElement)) return;
  const same = focused.id ? document.getElementById(focused.id) : null;
  (same || main.querySelector('h1'))?.focus({ preventScroll: true });
}

/** Render the page the hash names; `focus: false` re-renders in place (focus stays put). */
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
      if (!signal.aborted) replaceKeepingFocus(main, nodes.flat());
    },
    reload: () => render({ focus: false }),
  };
  try {
    await (found ? found.view(ctx) : notFound(ctx));
  } catch (error) {
    if (signal.aborted || (error instanceof ApiError && error.status === 401)) return;
    // A record that does not exist, or is someone else's, is not a failure: it is not here.
    if (error instanceof ApiError && error.status === 404) {
      notFound(ctx);
    } else {
      console.error(error);
      ctx.title('Error');
      ctx.mount(...errorPage(error));
    }
  }
  if (focus && !signal.aborted) {
    const target = (focusNext && document.getElementById(focusNext)) || main.querySelector('h1');
    target?.focus({ preventScroll: true });
    focusNext = null;
  }
}

/** Start listening to the hash. */
export function start() {
  window.addEventListener('hashchange', () => render());
  return render();
}
