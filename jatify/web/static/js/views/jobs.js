// #/jobs: the job listings a person targets: search, sort, add, edit, delete; each
// title opens the listing's own page (#/jobs/<id>).

import { api } from '../api.js';
import { h, timeEl } from '../dom.js';
import { field } from '../forms.js';
import { setQuery } from '../router.js';
import { busy, confirmDialog, emptyState, errorAlert, pageHeader, pager, toast } from '../ui.js';
import { openApplicationDialog } from './application-form.js';
import { captureBox, postingBadge } from './capture.js';
import { openJobDialog } from './job-form.js';

const SORTS = [
  ['-created_at', 'Newest first'],
  ['created_at', 'Oldest first'],
  ['company', 'Company A–Z'],
  ['-company', 'Company Z–A'],
  ['-updated_at', 'Recently updated'],
];
const EXCERPT_CHARS = 220;

function excerpt(text) {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > EXCERPT_CHARS ? `${flat.slice(0, EXCERPT_CHARS)}…` : flat;
}

function jobCard(job, reload) {
  const deleteButton = h(
    'button',
    {
      type: 'button',
      class: 'btn btn-small btn-danger',
      'aria-label': `Delete ${job.company} — ${job.position}`,
      onClick: async () => {
        const sure = await confirmDialog(
          'Delete this job listing?',
          `${job.company} — ${job.position} leaves your job listings. Applications to it keep showing it.`,
        );
        if (!sure) return;
        await busy(deleteButton, async () => {
          try {
            await api.del(`/api/jobs/${job.id}`);
            toast('Job listing deleted.');
            reload();
          } catch (error) {
            toast(error.message, { error: true });
          }
        });
      },
    },
    'Delete',
  );
  const facts = [job.location, job.salary].filter(Boolean).join(' · ');
  return h(
    'li',
    { class: 'card job-card', dataset: { jobId: job.id } },
    h(
      'div',
      { class: 'job-card-main' },
      h(
        'h2',
        { class: 'job-card-title' },
        h(
          'a',
          { href: `#/jobs/${job.id}` },
          job.company,
          h('span', { class: 'muted' }, ` — ${job.position}`),
        ),
        postingBadge(job),
      ),
      facts ? h('p', { class: 'job-card-facts' }, facts) : null,
      h('p', { class: 'job-card-text' }, excerpt(job.description)),
      h(
        'p',
        { class: 'job-card-meta muted' },
        'Added ',
        timeEl(job.created_at),
        job.url
          ? [
              ' · ',
              h(
                'a',
                { href: job.url, target: '_blank', rel: 'noopener noreferrer' },
                'Open posting ↗',
              ),
            ]
          : null,
      ),
    ),
    h(
      'div',
      { class: 'job-card-actions' },
      h(
        'button',
        {
          type: 'button',
          class: 'btn btn-small btn-primary',
          onClick: () =>
            openApplicationDialog({
              jobId: job.id,
              onSaved: (saved) => {
                window.location.hash = `#/applications/${saved.id}`;
              },
            }),
        },
        'Add application',
      ),
      h(
        'button',
        {
          type: 'button',
          class: 'btn btn-small',
          'aria-label': `Edit ${job.company} — ${job.position}`,
          onClick: () => openJobDialog({ job, onSaved: reload }),
        },
        'Edit',
      ),
      deleteButton,
    ),
  );
}

function toolbar(query, onChange) {
  const form = h(
    'form',
    { class: 'toolbar card panel', role: 'search', 'aria-label': 'Search job listings' },
    field({
      name: 'q',
      label: 'Search',
      markOptional: false,
      type: 'search',
      value: query.q,
      className: 'grow',
      placeholder: 'Company or position',
      maxlength: 200,
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
  const read = () => ({ q: form.elements.q.value.trim(), sort: form.elements.sort.value });
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    onChange(read());
  });
  form.elements.sort.addEventListener('change', () => onChange(read()));
  return form;
}

/** #/jobs (#/jobs?new=1 opens the add dialog) */
export async function renderJobs(ctx) {
  ctx.title('Job listings');
  let query = { q: ctx.query.q, sort: ctx.query.sort, page: ctx.query.page };
  const results = h('div', { 'aria-live': 'polite' });
  const addJob = () => openJobDialog({ onSaved: () => load({ ...query, page: undefined }) });

  async function load(next) {
    query = next;
    setQuery(query);
    try {
      const answer = await api.get('/api/jobs', query);
      if (ctx.signal.aborted) return;
      if (answer.total === 0) {
        results.replaceChildren(
          query.q
            ? emptyState({
                title: 'No job listing matches',
                text: `Nothing matches “${query.q}”. Try a shorter word.`,
              })
            : emptyState({
                iconName: 'briefcase',
                title: 'No job listings yet',
                text: 'Save the jobs you are interested in: the company, the position and the posting’s text. You can then track your applications and analyze your resume against each one.',
                actions: [
                  h(
                    'button',
                    { type: 'button', class: 'btn btn-primary', onClick: addJob },
                    'Add a job listing',
                  ),
                ],
              }),
        );
        return;
      }
      const reload = () => load(query);
      results.replaceChildren(
        h(
          'ul',
          { class: 'job-list' },
          answer.items.map((job) => jobCard(job, reload)),
        ),
        pager(answer, 'job listing', (page) => load({ ...query, page })),
      );
    } catch (error) {
      results.replaceChildren(errorAlert(error));
    }
  }

  await load(query);
  ctx.mount(
    pageHeader('Job listings', {
      subtitle: 'The jobs you target. Applications and resume analyses refer to them.',
      actions: [
        h('a', { class: 'btn', href: '/api/jobs/export.csv', download: '' }, 'Export CSV'),
        h(
          'button',
          { type: 'button', class: 'btn btn-primary', onClick: addJob },
          'Add job listing',
        ),
      ],
    }),
    captureBox({ signal: ctx.signal, onCaptured: () => load({ ...query, page: undefined }) }),
    toolbar(query, (values) => load({ ...values, page: undefined })),
    results,
  );
  if (ctx.query.new) addJob();
}
