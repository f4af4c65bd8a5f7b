// "Move to…": a keyboard-usable menu (a native disclosure) that changes an
// application's status, optionally with a note, and the API call behind it.

import { api } from '../api.js';
import { h } from '../dom.js';
import { field, formEl, onSubmit } from '../forms.js';
import { openDialog } from '../ui.js';

const MAX_NOTE = 500;

/**
 * Change an application's status; the API appends the change, with the optional
 * `note`, to its history.
 */
export function moveApplication(application, status, note = '') {
  const body = { status_id: status.id };
  if (note) body.status_note = note;
  return api.put(`/api/applications/${application.id}`, body);
}

/** A dialog to pick the new status and write a short note about the change. */
function openNoteDialog(application, statuses, onPick) {
  const others = statuses.filter((status) => status.id !== application.status.id);
  const form = formEl({
    fields: [
      field({
        name: 'status_id',
        label: 'New status',
        type: 'select',
        required: true,
        options: others.map((status) => ({ value: status.id, label: status.name })),
      }),
      field({
        name: 'status_note',
        label: 'Note',
        type: 'textarea',
        maxlength: MAX_NOTE,
        rows: 3,
        hint: `Why it changed, who you talked to (up to ${MAX_NOTE} characters). It shows on the timeline.`,
      }),
    ],
    submitLabel: 'Move',
  });
  const dialog = openDialog(`Move ${application.job.company}`, form);
  onSubmit(form, async () => {
    const status = others.find((item) => String(item.id) === form.elements.status_id.value);
    const note = form.elements.status_note.value.trim();
    dialog.close();
    await onPick(status, note);
  });
}

function closeMenu(menu, { focus = false } = {}) {
  menu.open = false;
  if (focus) menu.querySelector('summary').focus();
}

/**
 * A "Move to…" disclosure listing every other status (its list floats over the page,
 * anchored to the button: see .menu-list in components.css); picking one calls
 * `onPick(status, note)` (the note is empty unless "Move with a note…" was used).
 * Escape closes it, and so does a click elsewhere.
 */
export function moveMenu(application, statuses, onPick, { label = 'Move to…' } = {}) {
  const name = `${application.job.company} — ${application.job.position}`;
  const menu = h(
    'details',
    { class: 'menu' },
    h('summary', { class: 'btn btn-small' }, label, h('span', { class: 'sr-only' }, ` (${name})`)),
  );
  const items = statuses
    .filter((status) => status.id !== application.status.id)
    .map((status) =>
      h(
        'li',
        {},
        h(
          'button',
          {
            type: 'button',
            class: `status-${status.id}`,
            dataset: { statusId: status.id },
            onClick: () => {
              closeMenu(menu);
              onPick(status);
            },
          },
          status.name,
        ),
      ),
    );
  items.push(
    h(
      'li',
      { class: 'menu-separated' },
      h(
        'button',
        {
          type: 'button',
          class: 'menu-note',
          onClick: () => {
            closeMenu(menu);
            openNoteDialog(application, statuses, onPick);
          },
        },
        'Move with a note…',
      ),
    ),
  );
  menu.append(
    h('ul', { class: 'menu-list', role: 'list', 'aria-label': `Statuses for ${name}` }, items),
  );
  menu.addEventListener('toggle', () => {
    if (!menu.open) return;
    const close = (event) => {
      if (!menu.contains(event.target)) closeMenu(menu);
    };
    document.addEventListener('pointerdown', close);
    menu.addEventListener('toggle', () => document.removeEventListener('pointerdown', close), {
      once: true,
    });
    menu.querySelector('.menu-list button')?.focus();
  });
  menu.addEventListener('keydown', (event) => {
    if (event.key === 'Escape' && menu.open) {
      event.preventDefault();
      closeMenu(menu, { focus: true });
    }
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      const buttons = [...menu.querySelectorAll('.menu-list button')];
      const index = buttons.indexOf(document.activeElement);
      if (index === -1) return;
      event.preventDefault();
      const step = event.key === 'ArrowDown' ? 1 : -1;
      buttons[(index + step + buttons.length) % buttons.length].focus();
    }
  });
  return menu;
}
