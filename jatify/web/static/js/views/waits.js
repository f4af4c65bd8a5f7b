// The dashboard's "Who answers, and how fast": response rate and median wait per company
// and per source (GET /api/applications/waits), the data behind the follow-up clock.

import { api } from '../api.js';
import { h, plural } from '../dom.js';
import { errorAlert } from '../ui.js';

function percent(rate) {
  return rate === null ? '—' : `${Math.round(rate * 100)}%`;
}

function wait(group) {
  if (group.median_wait_days === null) return '—';
  return `${plural(Math.ceil(group.median_wait_days), 'day')} (${plural(group.waits, 'answer')})`;
}

function table(caption, key, groups, empty) {
  if (!groups.length) return h('p', { class: 'muted' }, empty);
  return h(
    'div',
    // Focusable, so a keyboard can scroll it when it is wider than a phone.
    { class: 'table-wrap', tabindex: '0', role: 'region', 'aria-label': caption },
    h(
      'table',
      { class: 'table waits-table' },
      h('caption', {}, caption),
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          ['', 'Applications', 'Response rate', 'Median wait'].map((label, index) =>
            h('th', { scope: 'col' }, index ? label : caption.replace(/^By /, '')),
          ),
        ),
      ),
      h(
        'tbody',
        {},
        groups.map((group) =>
          h(
            'tr',
            {},
            h('th', { scope: 'row' }, group[key] ?? 'Not recorded'),
            h('td', {}, String(group.applications)),
            h('td', {}, percent(group.response_rate)),
            h('td', {}, wait(group)),
          ),
        ),
      ),
    ),
  );
}

/** The panel; it loads its figures itself. */
export function waitsPanel() {
  const body = h(
    'div',
    { class: 'waits-tables', 'aria-live': 'polite' },
    h('p', { class: 'muted' }, 'Loading…'),
  );
  api
    .get('/api/applications/waits')
    .then((waits) =>
      body.replaceChildren(
        table('By company', 'company', waits.by_company, 'No applications yet.'),
        table('By source', 'source', waits.by_source, 'No applications yet.'),
      ),
    )
    .catch((error) => body.replaceChildren(errorAlert(error)));
  return h(
    'section',
    { class: 'card panel span-3-desktop waits-panel', 'aria-labelledby': 'waits-title' },
    h('h2', { id: 'waits-title', class: 'panel-title' }, 'Who answers, and how fast'),
    h(
      'p',
      { class: 'chart-note' },
      'Share of sent applications that got an answer, and the median days from applying to the first change: the follow-up clock expects this wait.',
    ),
    body,
  );
}
