// "Move to…": a keyboard-usable menu (a native disclosure) that changes an
// application's status, and the API call behind it.

import { api } from '../api.js';
import { h } from '../dom.js';

/** Change an application's status; the API appends the change to its history. */
export function moveApplication(application, status) {
  return api.put(`/api/applications/${application.id}`, { status_id: status.id });
}

/** Open the list above its button when the scrolling board would clip it below. */
function openUpwardsIfClipped(menu) {
  menu.classList.remove('menu-up');
  const board = menu.closest('.board');
  if (!board) return;
  const list = menu.querySelector('.menu-list').getBoundingClientRect();
  const limits = board.getBoundingClientRect();
  if (list.bottom > limits.bottom && list.top - list.height > limits.top)
    menu.classList.add('menu-up');
}

function closeMenu(menu, { focus = false } = {}) {
  menu.open = false;
  if (focus) menu.querySelector('summary').focus();
}

/**
 * A "Move to…" disclosure listing every other status; picking one calls
 * `onPick(status)`. Escape closes it, and so does a click elsewhere.
 */
export function moveMenu(application, statuses, onPick, { label = 'Move to…' } = {}) {
  const name = `${application.job.company} — ${application.job.position}`;
  const menu = h(
    'details',
    { class: 'menu' },
    h('summary', { class: 'btn btn-small', 'aria-label': `Move ${name} to another status` }, label),
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
    openUpwardsIfClipped(menu);
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
