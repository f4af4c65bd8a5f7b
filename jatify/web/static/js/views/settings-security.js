// Settings, sign-in and security: change the password (every other login is signed out)
// and the list of logins, each with a sign-out button, plus "sign out everywhere else".

import { api } from '../api.js';
import { formatDateTime, h, timeEl } from '../dom.js';
import { field, formEl, formValues, onSubmit } from '../forms.js';
import { busy, confirmDialog, errorAlert, toast } from '../ui.js';
import { newPasswordField } from './auth.js';

const BROWSERS = [
  ['Edg/', 'Edge'],
  ['Firefox/', 'Firefox'],
  ['Chrome/', 'Chrome'],
  ['Safari/', 'Safari'],
];
const SYSTEMS = [
  ['Android', 'Android'],
  ['iPhone', 'iOS'],
  ['iPad', 'iPadOS'],
  ['Windows', 'Windows'],
  ['Mac OS X', 'macOS'],
  ['Linux', 'Linux'],
];

/** "Firefox on Linux" from a User-Agent; the raw text when neither part is known. */
function deviceName(userAgent) {
  if (!userAgent) return 'Unknown device';
  const pick = (pairs) => pairs.find(([mark]) => userAgent.includes(mark))?.[1];
  const browser = pick(BROWSERS);
  const system = pick(SYSTEMS);
  if (!browser && !system) return userAgent.slice(0, 60);
  return [browser || 'A browser', system].filter(Boolean).join(' on ');
}

function passwordForm(onChanged) {
  const form = formEl({
    fields: [
      field({
        name: 'current_password',
        label: 'Current password',
        type: 'password',
        required: true,
        autocomplete: 'current-password',
      }),
      newPasswordField('new_password', 'New password'),
    ],
    submitLabel: 'Change password',
  });
  onSubmit(form, async () => {
    await api.post('/api/user/password', formValues(form));
    form.reset();
    toast('Password changed. Your other logins are signed out.');
    onChanged();
  });
  return form;
}

function signOutButton(session, reload) {
  const button = h(
    'button',
    {
      type: 'button',
      class: 'btn btn-small',
      'aria-label': `Sign out ${deviceName(session.user_agent)}, signed in ${formatDateTime(session.created_at)}`,
      onClick: () =>
        busy(button, async () => {
          try {
            await api.del(`/api/user/sessions/${session.id}`);
            toast('That login is signed out.');
          } catch (error) {
            toast(error.message, { error: true });
          }
          reload();
        }),
    },
    'Sign out',
  );
  return button;
}

function sessionsTable(items, reload) {
  return h(
    'div',
    { class: 'table-wrap' },
    h(
      'table',
      { class: 'table' },
      h('caption', { class: 'sr-only' }, 'Where you are logged in'),
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          ['Device', 'Signed in', 'Last active'].map((label) => h('th', { scope: 'col' }, label)),
          h('th', { scope: 'col' }, h('span', { class: 'sr-only' }, 'Actions')),
        ),
      ),
      h(
        'tbody',
        {},
        items.map((session) =>
          h(
            'tr',
            { dataset: { session: session.id } },
            h(
              'td',
              { title: session.user_agent || '' },
              deviceName(session.user_agent),
              session.current ? [' ', h('span', { class: 'chip chip-info' }, 'This device')] : null,
            ),
            h('td', {}, formatDateTime(session.created_at)),
            h('td', {}, timeEl(session.last_used_at)),
            h('td', {}, session.current ? null : signOutButton(session, reload)),
          ),
        ),
      ),
    ),
  );
}

function everywhereElseButton(reload) {
  const button = h(
    'button',
    {
      type: 'button',
      class: 'btn btn-danger',
      onClick: async () => {
        const sure = await confirmDialog(
          'Sign out everywhere else?',
          'Every other browser and app logged in to your account is signed out at once. This one stays.',
          { confirmLabel: 'Sign out everywhere else' },
        );
        if (!sure) return;
        await busy(button, async () => {
          try {
            await api.del('/api/user/sessions');
            toast('Signed out everywhere else.');
          } catch (error) {
            toast(error.message, { error: true });
          }
          reload();
        });
      },
    },
    'Sign out everywhere else',
  );
  return button;
}

/** The password and login sessions panels of the settings page. */
export function securityPanels() {
  const body = h('div', { class: 'sessions', 'aria-live': 'polite' }, h('p', {}, 'Loading…'));
  const reload = async () => {
    try {
      const { items } = await api.get('/api/user/sessions');
      const others = items.some((session) => !session.current);
      body.replaceChildren(
        sessionsTable(items, reload),
        others
          ? everywhereElseButton(reload)
          : h('p', { class: 'muted' }, 'You are logged in here only.'),
      );
    } catch (error) {
      body.replaceChildren(errorAlert(error));
    }
  };
  reload();
  return [
    h(
      'section',
      { class: 'card panel', 'aria-labelledby': 'password-title' },
      h('h2', { id: 'password-title', class: 'panel-title' }, 'Password'),
      passwordForm(reload),
    ),
    h(
      'section',
      { class: 'card panel', 'aria-labelledby': 'sessions-title' },
      h('h2', { id: 'sessions-title', class: 'panel-title' }, 'Where you are logged in'),
      body,
    ),
  ];
}
