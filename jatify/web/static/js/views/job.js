// #/jobs/<id>: one job listing: its whole description, the applications to it and
// the analyses of resumes against it.

import { ApiError, api, fetchAll } from '../api.js';
import { formatDate, formatDateTime, h, timeEl } from '../dom.js';
import { navigate } from '../router.js';
import { pageHeader, statusChip } from '../ui.js';
import { analysisStatusChip } from './analysis.js';
import { openApplicationDialog } from './application-form.js';
import { openJobDialog } from './job-form.js';
import { postingFacts, snapshotsPanel } from './snapshots.js';

/** The newest analysis of `resume` against the job, or null when there is none (404). */
async function newestAnalysis(resume, jobId) {
  try {
    return await api.get(`/api/resumes/${resume.id}/analysis/${jobId}`);
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) return null;
    throw error;
  }
}

function panel(id, title, ...content) {
  return h(
    'section',
    { class: 'card panel', 'aria-labelledby': id },
    h('h2', { id, class: 'panel-title' }, title),
    content,
  );
}

function facts(job) {
  const rows = [
    ['Location', job.location],
    ['Salary', job.salary],
    [
      'Posting',
      job.url
        ? h('a', { href: job.url, target: '_blank', rel: 'noopener noreferrer' }, 'Open posting ↗')
        : null,
    ],
    ...postingFacts(job),
    ['Added', formatDateTime(job.created_at)],
    ['Updated', formatDateTime(job.updated_at)],
  ].filter(([, value]) => value);
  return h(
    'dl',
    { class: 'meta-list' },
    rows.map(([term, value]) => [h('dt', {}, term), h('dd', {}, value)]),
  );
}

function applicationsPanel(applications, addApplication) {
  const body = applications.length
    ? h(
        'ul',
        { class: 'analysis-list' },
        applications.map((application) =>
          h(
            'li',
            { class: 'analysis-row' },
            h(
              'a',
              { href: `#/applications/${application.id}` },
              application.applied_at
                ? `Applied ${formatDate(application.applied_at)}`
                : 'Not applied yet',
            ),
            h(
              'span',
              { class: 'analysis-row-meta' },
              statusChip(application.status),
              ' ',
              timeEl(application.updated_at),
            ),
          ),
        ),
      )
    : h('p', { class: 'muted' }, 'No application to this listing yet.');
  return panel(
    'job-applications-title',
    'Applications',
    body,
    h(
      'button',
      { type: 'button', class: 'btn btn-small stack-top', onClick: addApplication },
      'Add application',
    ),
  );
}

function analysesPanel(found) {
  const body = found.length
    ? h(
        'ul',
        { class: 'analysis-list' },
        found.map(({ resume, analysis }) =>
          h(
            'li',
            { class: 'analysis-row' },
            h('a', { href: `#/analyses/${analysis.id}` }, resume.name),
            h(
              'span',
              { class: 'analysis-row-meta' },
              analysis.status === 'done'
                ? h('strong', { class: 'score-pill' }, `${analysis.result.score}/100`)
                : analysisStatusChip(analysis.status),
              ' ',
              timeEl(analysis.created_at),
            ),
          ),
        ),
      )
    : h(
        'p',
        { class: 'muted' },
        'No resume analyzed against this listing yet. Open a resume on the ',
        h('a', { href: '#/resumes' }, 'Resumes page'),
        ' to compare it with this posting.',
      );
  return panel('job-analyses-title', 'Resume analyses', body);
}

/** #/jobs/<id> */
export async function renderJob(ctx) {
  const id = ctx.params.id;
  const [job, applications, resumes, snapshots] = await Promise.all([
    api.get(`/api/jobs/${id}`),
    fetchAll('/api/applications', { job_id: id }),
    fetchAll('/api/resumes'),
    api.get(`/api/jobs/${id}/snapshots`, { page_size: 100 }),
  ]);
  const analyses = await Promise.all(resumes.map((resume) => newestAnalysis(resume, job.id)));
  const found = resumes
    .map((resume, index) => ({ resume, analysis: analyses[index] }))
    .filter(({ analysis }) => analysis);
  ctx.title(`${job.company} — ${job.position}`);
  const addApplication = () =>
    openApplicationDialog({
      jobId: job.id,
      onSaved: (saved) => navigate(`/applications/${saved.id}`),
    });
  ctx.mount(
    h('a', { class: 'back-link', href: '#/jobs' }, '← Job listings'),
    pageHeader(job.company, {
      subtitle: job.position,
      actions: [
        h(
          'button',
          {
            type: 'button',
            class: 'btn',
            onClick: () => openJobDialog({ job, onSaved: () => ctx.reload() }),
          },
          'Edit',
        ),
      ],
    }),
    h(
      'div',
      { class: 'grid-2' },
      panel(
        'job-description-title',
        'Description',
        job.description
          ? h('div', { class: 'job-description prewrap' }, job.description)
          : h('p', { class: 'muted' }, 'No description yet. Use Edit to paste the posting.'),
      ),
      h(
        'div',
        { class: 'stack' },
        panel('job-facts-title', 'Details', facts(job)),
        applicationsPanel(applications, addApplication),
        analysesPanel(found),
        snapshotsPanel(job, snapshots.items),
      ),
    ),
  );
}
