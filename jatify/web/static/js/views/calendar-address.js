// The private calendar address: shown with a copy button and a rotate action, so that
// Google Calendar, Apple Calendar or Thunderbird can subscribe to interviews and tasks.

import { api } from '../api.js';
import { h, uid } from '../dom.js';
import { busy, confirmDialog, errorAlert, toast } from '../ui.js';

async function copy(input) {
  try {
    await navigator.clipboard.writeText(input.value);
    toast('Calendar address copied.');
  } catch {
    input.select();
    toast('Press Ctrl+C (⌘C) to copy the selected address.');
  }
}

/** The calendar panel: it asks for the address itself. */
export function calendarPanel() {
  const id = uid('calendar-url');
  const input = h('input', { id, class: 'input calendar-url', readonly: true, value: '…' });
  const body = h('div', { class: 'calendar-address' });
  const copyButton = h(
    'button',
    { type: 'button', class: 'btn', onClick: () => copy(input) },
    'Copy',
  );
  const rotate = h(
    'button',
    {
      type: 'button',
      class: 'btn btn-ghost',
      onClick: async () => {
        const sure = await confirmDialog(
          'Get a new calendar address?',
          'The old address stops working at once: calendars subscribed to it stop updating until you subscribe to the new one.',
          { confirmLabel: 'Get a new address' },
        );
        if (!sure) return;
        await busy(rotate, async () => {
          try {
            input.value = (await api.post('/api/calendar/rotate')).url;
            toast('New calendar address ready; the old one no longer works.');
          } catch (error) {
            toast(error.message, { error: true });
          }
        });
      },
    },
    'Get a new address',
  );
  body.append(
    h('label', { for: id }, 'Your private calendar address'),
    h('div', { class: 'calendar-row' }, input, copyButton),
    h(
      'p',
      { class: 'hint' },
      'Subscribe to it from your calendar app ("add calendar from URL"). Anyone with the address sees your interviews and tasks: keep it to yourself, and get a new one if it leaks.',
    ),
    rotate,
  );
  api
    .get('/api/calendar')
    .then((answer) => {
      input.value = answer.url;
    })
    .catch((error) => body.replaceChildren(errorAlert(error)));
  return h(
    'section',
    { class: 'card panel', 'aria-labelledby': 'calendar-title' },
    h('h2', { id: 'calendar-title', class: 'panel-title' }, 'Calendar'),
    body,
  );
}
