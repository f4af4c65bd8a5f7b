// #/applications: the list as a table, with the API's search, filters, sorting and pages.
// The filters live in the address (#/applications?q=acme&status_id=2&page=2).

import { api, fetchAll, getStatuses } from '../api.js';
import { formatDate, h, plural, timeEl } from '../dom.js';
import { field } from '../forms.js';
import { setQuery } from '../router.js';
import { emptyState, errorAlert, pageHeader, pager, statusChip } from '../ui.js';
import { scoreBadge } from './application-facts.js';
import { openApplicationDialog } from './application-form.js';

const SORTS = [
  ['-created_at', 'Newest first'],
  ['created_at', 'Oldest first'],
  ['-updated_at', 'Recently updated'],
  ['-applied_at', 'Applied (latest)'],
  ['applied_at', 'Applied (earliest)'],
];
const FILTER_KEYS = ['q', 'status_id', 'job_id', 'tag', 'sort', 'page'];
// The filters GET /api/applications/export.csv accepts, like the list.
const EXPORT_FILTERS = ['q', 'status_id', 'job_id', 'tag'];
const EXPORT_PATH = '/api/applications/export.csv';

/** The export of what the table's filters select (every application when none is set). */
function exportHref(query) {
  const filters = new URLSearchParams(
    EXPORT_FILTERS.filter((key) => query[key]).map((key) => [key, query[key]]),
  ).toString();
  return filters ? `${EXPORT_PATH}?${filters}` : EXPORT_PATH;
}

function filterForm(statuses, jobs, tags, query, onChange) {
  const form = h(
    'form',
    { class: 'toolbar card panel', role: 'search', 'aria-label': 'Filter applications' },
    field({
      name: 'q',
      markOptional: false,
      label: 'Search',
      type: 'search',
      value: query.q,
      className: 'grow',
      placeholder: 'Company, position, notes, tags or contacts',
      maxlength: 200,
    }),
    field({
      name: 'status_id',
      markOptional: false,
      label: 'Status',
      type: 'select',
      value: query.status_id ?? '',
      options: [
        { value: '', label: 'All statuses' },
        ...statuses.map((s) => ({ value: s.id, label: s.name })),
      ],
    }),
    field({
      name: 'job_id',
      markOptional: false,
      label: 'Job listing',
      type: 'select',
      value: query.job_id ?? '',
      options: [
        { value: '', label: 'All job listings' },
        ...jobs.map((job) => ({ value: job.id, label: `${job.company} — ${job.position}` })),
      ],
    }),
    field({
      name: 'tag',
      markOptional: false,
      label: 'Tag',
      type: 'select',
      value: query.tag ?? '',
      options: [
        { value: '', label: 'All tags' },
        ...tags.map((tag) => ({ value: tag.name, label: `${tag.name} (${tag.count})` })),
      ],
    }),
    field({
      name: 'sort',
      markOptional: false,
      label: 'Sort',
      type: 'select',
      value: query.sort ?? '-created_at',
      options: SORTS.map(([value, label]) => ({ value, label })),
    }),
    h('button', { type: 'submit', class: 'btn' }, 'Search'),
  );
  const read = () =>
    Object.fromEntries(
      [...new FormData(form)]
        .filter(([, value]) => value !== '')
        .map(([key, value]) => [key, value.trim()]),
    );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    onChange(read());
  });
  for (const select of form.querySelectorAll('select')) {
    select.addEventListener('change', () => onChange(read()));
  }
  return form;
}

function row(application) {
  const cell = (label, ...content) => h('td', { 'data-label': label }, ...content);
  return h(
    'tr',
    {},
    h(
      'td',
      { class: 'title-cell', 'data-label': 'Company' },
      h('a', { href: `#/applications/${application.id}` }, application.job.company),
    ),
    cell('Position', application.job.position),
    cell('Status', statusChip(application.status)),
    cell('Applied', formatDate(application.applied_at)),
    cell(
      'Resume',
      application.resume ? application.resume.name : h('span', { class: 'muted' }, '—'),
    ),
    cell('Match', scoreBadge(application) ?? h('span', { class: 'muted' }, '—')),
    cell('Updated', timeEl(application.updated_at)),
  );
}

function table(answer) {
  return h(
    'div',
    { class: 'card table-wrap' },
    h(
      'table',
      { class: 'table responsive' },
      h('caption', { class: 'sr-only' }, 'Your applications'),
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          ['Company', 'Position', 'Status', 'Applied', 'Resume', 'Match', 'Updated'].map((t) =>
            h('th', { scope: 'col' }, t),
          ),
        ),
      ),
      h('tbody', {}, answer.items.map(row)),
    ),
  );
}

function noResults(filtered, hasJobs, ctx) {
  if (filtered) {
    return emptyState({
      title: 'No application matches',
      text: 'Try another search word, or clear the filters to see every application.',
      actions: [h('a', { class: 'btn', href: '#/applications' }, 'Clear filters')],
    });
  }
  return emptyState({
    iconName: 'briefcase',
    title: hasJobs ? 'No applications yet' : 'No applications yet: add a job listing first',
    text: hasJobs
      ? 'Record the applications you send; each one keeps its status history.'
      : 'Applications belong to job listings. Save the job you want to apply to, then add your application.',
    actions: hasJobs
      ? [
          h(
            'button',
            {
              type: 'button',
              class: 'btn btn-primary',
              onClick: () => openApplicationDialog({ onSaved: () => ctx.reload() }),
            },
            'Add application',
          ),
        ]
      : [h('a', { class: 'btn btn-primary', href: '#/jobs?new=1' }, 'Add a job listing')],
  });
}

/** #/applications */
export async function renderApplications(ctx) {
  ctx.title('Applications');
  const [statuses, jobs, tags] = await Promise.all([
    getStatuses(),
    fetchAll('/api/jobs', { sort: 'company' }),
    api.get('/api/tags'),
  ]);
  const results = h('div', { 'aria-live': 'polite' });
  const exportShown = h('a', { class: 'btn', href: EXPORT_PATH, download: '' }, 'Export CSV');
  const exportAll = h(
    'a',
    { class: 'btn', href: EXPORT_PATH, download: '', hidden: true },
    'Export all',
  );
  let query = Object.fromEntries(
    FILTER_KEYS.filter((key) => ctx.query[key]).map((key) => [key, ctx.query[key]]),
  );

  async function load(next) {
    query = next;
    setQuery(query);
    results.setAttribute('aria-busy', 'true');
    try {
      const answer = await api.get('/api/applications', query);
      if (ctx.signal.aborted) return;
      const filtered = Boolean(query.q || query.status_id || query.job_id || query.tag);
      exportShown.href = exportHref(query);
      exportShown.title = filtered
        ? `The ${plural(answer.total, 'application')} your filters select, as CSV`
        : 'Every application, as CSV';
      exportAll.hidden = !filtered;
      results.replaceChildren(
        answer.total === 0
          ? noResults(filtered, jobs.length > 0, ctx)
          : h(
              'div',
              {},
              table(answer),
              pager(answer, 'application', (page) => load({ ...query, page })),
            ),
      );
    } catch (error) {
      results.replaceChildren(errorAlert(error));
    } finally {
      results.removeAttribute('aria-busy');
    }
  }

  const header = pageHeader('Applications', {
    subtitle: 'Search, filter and sort every application you recorded.',
    actions: [
      h('a', { class: 'btn', href: '#/applications/import' }, 'Import CSV'),
      exportShown,
      exportAll,
      h('a', { class: 'btn', href: '#/board' }, 'Board view'),
      h(
        'button',
        {
          type: 'button',
          class: 'btn btn-primary',
          onClick: () =>
            openApplicationDialog({
              onSaved: (saved) => {
                window.location.hash = `#/applications/${saved.id}`;
              },
            }),
        },
        'Add application',
      ),
    ],
  });
  const filters = filterForm(statuses, jobs, tags.items, query, (values) =>
    load({ ...values, page: undefined }),
  );
  await load(query);
  ctx.mount(header, filters, results);
}
