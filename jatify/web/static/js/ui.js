// Shared interface pieces: page headers, number tiles, status chips, alerts, empty
// states, toasts, dialogs and pagers.

import { h, plural, svg } from './dom.js';

const FIELD_NAMES = {
  _schema: 'Request',
  json: 'Request',
  job_id: 'Job listing',
  status_id: 'Status',
  resume_id: 'Resume',
  applied_at: 'Applied on',
};

function fieldName(key) {
  return FIELD_NAMES[key] || key.charAt(0).toUpperCase() + key.slice(1).replaceAll('_', ' ');
}

function flattenMessages(value) {
  if (Array.isArray(value)) return value.flatMap(flattenMessages);
  if (value && typeof value === 'object') return Object.values(value).flatMap(flattenMessages);
  return [String(value)];
}

/** The envelope's field details as "Field: message" lines. */
export function detailLines(details) {
  return Object.entries(details || {}).map(
    ([key, messages]) => `${fieldName(key)}: ${flattenMessages(messages).join(' ')}`,
  );
}

/** A readable error box for any thrown error (API envelope or not). */
export function errorAlert(error, { title } = {}) {
  const message = error?.message || 'Something went wrong. Try again.';
  const lines = detailLines(error?.details);
  return h(
    'div',
    { class: 'alert alert-error', role: 'alert' },
    title ? h('p', { class: 'alert-title' }, title) : null,
    h('p', {}, message),
    error?.retryAfter
      ? h('p', {}, `Try again in ${plural(Number(error.retryAfter), 'second')}.`)
      : null,
    lines.length
      ? h(
          'ul',
          {},
          lines.map((line) => h('li', {}, line)),
        )
      : null,
  );
}

/** A page title row with an optional subtitle and action buttons. */
export function pageHeader(title, { subtitle, actions = [] } = {}) {
  return h(
    'div',
    { class: 'page-header' },
    h(
      'div',
      {},
      h('h1', { tabindex: '-1' }, title),
      subtitle ? h('p', { class: 'subtitle' }, subtitle) : null,
    ),
    actions.length ? h('div', { class: 'page-actions' }, actions) : null,
  );
}

/** A card with a number: its label, the value and an optional note. */
export function statTile(label, value, note) {
  return h(
    'div',
    { class: 'card stat-tile' },
    h('p', { class: 'stat-label' }, label),
    h('p', { class: 'stat-value' }, value),
    note ? h('p', { class: 'stat-note' }, note) : null,
  );
}

/** A coloured chip for a status ({id, name}). */
export function statusChip(status) {
  return h('span', { class: `chip chip-dot status-${status.id}` }, status.name);
}

/**
 * Attributes of the element that shows the state of what the person just asked for (an
 * upload's text extraction, an analysis): focus can be moved there, and changes to it are
 * announced politely.
 */
export function statusRegion(id) {
  return { id, role: 'status', 'aria-live': 'polite', tabindex: '-1' };
}

const ICONS = {
  board: 'M4 5h4v14H4zM10 5h4v9h-4zM16 5h4v11h-4z',
  briefcase: 'M4 8h16v11H4zM9 8V6a1 1 0 0 1 1-1h4a1 1 0 0 1 1 1v2M4 13h16',
  file: 'M7 3h7l5 5v13H7zM14 3v5h5M10 13h6M10 17h6',
  chart: 'M4 20V10M10 20V4M16 20v-7M22 20H2',
  inbox: 'M3 13l3-8h12l3 8v6H3zM3 13h5l1 3h6l1-3h5',
};

/** A small line icon (decorative). */
export function icon(name, className = 'empty-icon') {
  return svg(
    'svg',
    { class: className, viewBox: '0 0 24 24', 'aria-hidden': 'true', focusable: 'false' },
    svg('path', {
      d: ICONS[name],
      fill: 'none',
      stroke: 'currentColor',
      'stroke-width': '1.6',
      'stroke-linejoin': 'round',
      'stroke-linecap': 'round',
    }),
  );
}

/** An empty state that says what to do next. */
export function emptyState({ iconName = 'inbox', title, text, actions = [] }) {
  return h(
    'div',
    { class: 'card empty' },
    icon(iconName),
    h('h2', {}, title),
    h('p', {}, text),
    actions.length ? h('div', { class: 'page-actions', 'data-center': '' }, actions) : null,
  );
}

/** A short message in the corner; errors stay longer. Optional link {href, text}. */
export function toast(message, { error = false, link } = {}) {
  const region = document.getElementById('toasts');
  const item = h(
    'div',
    { class: ['toast', error && 'toast-error'] },
    message,
    link ? [' ', h('a', { href: link.href }, link.text)] : null,
  );
  region.append(item);
  setTimeout(() => item.remove(), error ? 9000 : 5000);
}

/** A modal <dialog> (focus trap, Escape to close) removed from the page once closed. */
export function openDialog(title, body, { onClose } = {}) {
  const titleId = `dialog-title-${Date.now()}`;
  const dialog = h(
    'dialog',
    { class: 'dialog', 'aria-labelledby': titleId },
    h(
      'div',
      { class: 'dialog-header' },
      h('h2', { id: titleId }, title),
      h(
        'button',
        {
          type: 'button',
          class: 'btn btn-ghost btn-small',
          'aria-label': 'Close',
          onClick: () => dialog.close(),
        },
        '✕',
      ),
    ),
    h('div', { class: 'dialog-body' }, body),
  );
  dialog.addEventListener('close', () => {
    dialog.remove();
    onClose?.();
  });
  document.body.append(dialog);
  dialog.showModal();
  dialog.querySelector('.dialog-body :is(input, select, textarea)')?.focus();
  return dialog;
}

/** Ask before something irreversible; resolves true when confirmed. */
export function confirmDialog(title, text, { confirmLabel = 'Delete' } = {}) {
  return new Promise((resolve) => {
    let confirmed = false;
    const confirmButton = h(
      'button',
      {
        type: 'button',
        class: 'btn btn-danger btn-solid',
        onClick: () => {
          confirmed = true;
          dialog.close();
        },
      },
      confirmLabel,
    );
    const dialog = openDialog(
      title,
      [
        h('p', {}, text),
        h(
          'div',
          { class: 'form-actions' },
          h(
            'button',
            { type: 'button', class: 'btn', 'data-cancel': '', onClick: () => dialog.close() },
            'Cancel',
          ),
          confirmButton,
        ),
      ],
      { onClose: () => resolve(confirmed) },
    );
    dialog.querySelector('[data-cancel]').focus();
  });
}

/** "Page 2 of 5 · 93 jobs" with previous/next buttons calling `go(page)`. */
export function pager(answer, noun, go) {
  if (answer.total === 0) return null;
  const pages = Math.max(answer.pages, 1);
  return h(
    'nav',
    { class: 'pager', 'aria-label': 'Pagination' },
    h('span', {}, `Page ${answer.page} of ${pages} · ${plural(answer.total, noun)}`),
    h(
      'div',
      { class: 'pager-buttons' },
      h(
        'button',
        {
          type: 'button',
          class: 'btn btn-small',
          disabled: answer.page <= 1,
          onClick: () => go(answer.page - 1),
        },
        '← Previous',
      ),
      h(
        'button',
        {
          type: 'button',
          class: 'btn btn-small',
          disabled: answer.page >= pages,
          onClick: () => go(answer.page + 1),
        },
        'Next →',
      ),
    ),
  );
}

/** Disable a button and show a spinner while `work` runs. */
export async function busy(button, work) {
  button.disabled = true;
  button.setAttribute('aria-busy', 'true');
  try {
    return await work();
  } finally {
    button.disabled = false;
    button.removeAttribute('aria-busy');
  }
}
