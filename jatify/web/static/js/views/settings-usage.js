// The usage panel of #/settings: today's analyses, resume storage and job captures
// against the account's quotas, and this month's AI model use (GET /api/user/usage).

import { api } from '../api.js';
import { formatBytes, h, plural } from '../dom.js';
import { errorAlert } from '../ui.js';

const numbers = new Intl.NumberFormat();
const dollars = new Intl.NumberFormat('en-US', {
  style: 'currency',
  currency: 'USD',
  maximumFractionDigits: 4,
});

/** "3 of 50", or "3 (no limit)" when the quota is off or the account is an admin's. */
function ofLimit(used, limit, format = (value) => numbers.format(value)) {
  return limit === null ? `${format(used)} (no limit)` : `${format(used)} of ${format(limit)}`;
}

function modelLine(model) {
  if (model.analyses === 0) return 'No analyses by the AI model yet';
  const tokens = numbers.format(model.prompt_tokens + model.completion_tokens);
  const analyses = plural(model.analyses, 'analysis', 'analyses');
  return `${analyses}, ${tokens} tokens, ${dollars.format(model.cost_usd)}`;
}

function usageList(usage) {
  const rows = [
    ['Analyses today', ofLimit(usage.analyses_today, usage.analyses_per_day)],
    ['Resume storage', ofLimit(usage.storage_bytes, usage.storage_limit, formatBytes)],
    ['Job captures today', ofLimit(usage.captures_today, usage.captures_per_day)],
    [`AI model in ${usage.model.month}`, modelLine(usage.model)],
  ];
  return h(
    'dl',
    { class: 'meta-list' },
    rows.map(([term, value]) => [h('dt', {}, term), h('dd', {}, value)]),
  );
}

/** The usage panel: it asks for the numbers itself. */
export function usagePanel() {
  const body = h('div', { 'aria-live': 'polite' }, h('p', { class: 'muted' }, 'Loading…'));
  api
    .get('/api/user/usage')
    .then((usage) =>
      body.replaceChildren(
        usageList(usage),
        h(
          'p',
          { class: 'hint' },
          'Daily counts start again at midnight in your time zone. Deleting a resume frees its storage.',
        ),
      ),
    )
    .catch((error) => body.replaceChildren(errorAlert(error)));
  return h(
    'section',
    { class: 'card panel', 'aria-labelledby': 'usage-title' },
    h('h2', { id: 'usage-title', class: 'panel-title' }, 'Usage'),
    body,
  );
}
