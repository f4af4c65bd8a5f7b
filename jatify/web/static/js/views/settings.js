// #/settings: the account's time zone (dates and the digest follow it) and the daily
// digest email switch, saved with PATCH /api/user/profile.

import { request } from '../api.js';
import { h } from '../dom.js';
import { field, formEl, onSubmit } from '../forms.js';
import { loadUser, user } from '../session.js';
import { pageHeader, toast } from '../ui.js';
import { calendarPanel } from './calendar-address.js';
import { dataPanel } from './settings-data.js';
import { securityPanels } from './settings-security.js';
import { usagePanel } from './settings-usage.js';

function zones(current) {
  const known =
    typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
  return [...new Set(['UTC', current, ...known])].sort((one, other) => one.localeCompare(other));
}

function digestSwitch(checked) {
  const box = h('input', {
    type: 'checkbox',
    id: 'field-email-digest',
    name: 'email_digest',
    checked,
  });
  return h(
    'div',
    { class: 'field field-check span-2' },
    box,
    h(
      'label',
      { for: 'field-email-digest' },
      'Email me a daily digest at 07:00: the day’s interviews, tasks due and overdue follow-ups (none on a day with nothing to say)',
    ),
  );
}

/** #/settings */
export function renderSettings(ctx) {
  ctx.title('Settings');
  const me = user();
  const device = Intl.DateTimeFormat().resolvedOptions().timeZone;
  const form = formEl({
    className: 'form form-grid settings-form',
    fields: [
      field({
        name: 'timezone',
        label: 'Time zone',
        type: 'select',
        markOptional: false,
        className: 'span-2',
        options: zones(me.timezone).map((zone) => ({
          value: zone,
          label: zone.replaceAll('_', ' '),
        })),
        value: me.timezone,
        hint: `Dates, the follow-up clock and the digest’s 07:00 are in this zone. This device is in ${device}.`,
      }),
      digestSwitch(me.email_digest),
    ],
    submitLabel: 'Save settings',
  });
  onSubmit(form, async () => {
    await request('PATCH', '/api/user/profile', {
      body: {
        timezone: form.elements.timezone.value,
        email_digest: form.elements.email_digest.checked,
      },
    });
    await loadUser();
    toast('Settings saved.');
  });
  ctx.mount(
    pageHeader('Settings', { subtitle: me.email }),
    h(
      'div',
      { class: 'grid-2' },
      h(
        'section',
        { class: 'card panel', 'aria-labelledby': 'settings-title' },
        h('h2', { id: 'settings-title', class: 'panel-title' }, 'Time zone and emails'),
        form,
      ),
      calendarPanel(),
      securityPanels(),
      usagePanel(),
      dataPanel(),
    ),
  );
}
