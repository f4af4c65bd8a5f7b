// #/analyses/<uuid>: watch an analysis go from pending to done (or failed), then read
// it: score gauge, keyword chips, strengths, weaknesses and suggestions.

import { api } from '../api.js';
import { formatDateTime, h, sentence, sleep, timeAgo } from '../dom.js';
import { gauge } from '../gauge.js';
import { navigate } from '../router.js';
import { busy, errorAlert, pageHeader, statusRegion } from '../ui.js';

const STEPS = [
  ['pending', 'Queued'],
  ['processing', 'Analyzing'],
  ['done', 'Ready'],
];
const SLOW_PICKUP_SECONDS = 20;
const REFRESH_MS = 10000;

/** The id of what shows an analysis' state (progress, score or failure): focus goes there. */
export const ANALYSIS_STATUS_ID = 'analysis-status';

/** A chip for an analysis status. */
export function analysisStatusChip(status) {
  const kinds = {
    pending: 'chip-info',
    processing: 'chip-info',
    done: 'chip-success',
    failed: 'chip-danger',
  };
  const words = { pending: 'Queued', processing: 'Analyzing…', done: 'Done', failed: 'Failed' };
  return h(
    'span',
    { class: ['chip', kinds[status]], dataset: { status } },
    words[status] || status,
  );
}

async function optional(promise) {
  try {
    return await promise;
  } catch {
    return null;
  }
}

function progress(analysis) {
  const current = STEPS.findIndex(([status]) => status === analysis.status);
  const waiting = (Date.now() - new Date(analysis.created_at).getTime()) / 1000;
  return h(
    'section',
    {
      class: 'card panel analysis-progress',
      'aria-labelledby': 'progress-title',
      ...statusRegion(ANALYSIS_STATUS_ID),
    },
    h(
      'h2',
      { id: 'progress-title' },
      analysis.status === 'pending' ? 'Waiting for a worker…' : 'Analyzing your resume…',
    ),
    h(
      'ol',
      { class: 'steps' },
      STEPS.map(([status, label], index) =>
        h(
          'li',
          {
            class: ['step', index < current && 'step-done', index === current && 'step-current'],
            'aria-current': index === current ? 'step' : null,
          },
          label,
        ),
      ),
    ),
    h(
      'p',
      { class: 'progress-line' },
      h('span', { class: 'spinner', 'aria-hidden': 'true' }),
      `Asked ${timeAgo(analysis.created_at)}. This page updates by itself.`,
    ),
    analysis.status === 'pending' && waiting > SLOW_PICKUP_SECONDS
      ? h(
          'p',
          { class: 'alert alert-warning' },
          'Still queued. Analyses run on the background worker (python worker.py); if it is not running, the analysis starts as soon as it is.',
        )
      : null,
  );
}

function retryButton(analysis, label = 'Try again') {
  const button = h(
    'button',
    {
      type: 'button',
      class: 'btn btn-primary',
      onClick: () =>
        busy(button, async () => {
          try {
            const next = await api.post(`/api/resumes/${analysis.resume_id}/analyze`, {
              job_id: analysis.job_id,
            });
            navigate(`/analyses/${next.id}`, undefined, { focus: ANALYSIS_STATUS_ID });
          } catch (error) {
            button.closest('section')?.append(errorAlert(error));
          }
        }),
    },
    label,
  );
  return button;
}

function failure(analysis) {
  return h(
    'section',
    { class: 'card panel', 'aria-labelledby': 'failed-title' },
    h('h2', { id: 'failed-title', class: 'panel-title' }, 'The analysis failed'),
    h(
      'div',
      { class: 'alert alert-error', role: 'alert', id: ANALYSIS_STATUS_ID, tabindex: '-1' },
      h('p', {}, sentence(analysis.error) || 'No reason was recorded.'),
    ),
    h(
      'div',
      { class: 'alert-actions' },
      retryButton(analysis),
      h('a', { class: 'btn', href: `#/resumes/${analysis.resume_id}` }, 'Back to the resume'),
      h('a', { class: 'btn btn-ghost', href: '#/admin/dlq?kind=analysis.run' }, 'Failed jobs'),
    ),
    h(
      'p',
      { class: 'muted small' },
      'Try again asks for a new analysis. Failed jobs lists the failed work itself, where it ',
      'can be requeued once the cause is fixed.',
    ),
  );
}

function listPanel(title, items, className, emptyText) {
  const id = `list-${className}`;
  return h(
    'section',
    { class: ['card panel', className], 'aria-labelledby': id },
    h('h2', { id, class: 'panel-title' }, title),
    items.length
      ? h(
          'ul',
          { class: 'insight-list' },
          items.map((item) => h('li', {}, item)),
        )
      : h('p', { class: 'muted' }, emptyText),
  );
}

function keywords(title, words, className, emptyText) {
  return h(
    'div',
    { class: 'keyword-group' },
    h('h3', {}, title, ' ', h('span', { class: 'count' }, String(words.length))),
    words.length
      ? h(
          'ul',
          { class: ['chips', className] },
          words.map((word) => h('li', { class: 'chip' }, word)),
        )
      : h('p', { class: 'muted small' }, emptyText),
  );
}

function result(analysis) {
  const found = analysis.result;
  return [
    h(
      'div',
      { class: 'analysis-top' },
      h(
        'section',
        {
          class: 'card panel score-panel',
          'aria-labelledby': 'score-title',
          ...statusRegion(ANALYSIS_STATUS_ID),
        },
        h('h2', { id: 'score-title', class: 'sr-only' }, 'Match score'),
        gauge(found.score),
        h('p', { class: 'summary' }, found.summary),
      ),
      h(
        'section',
        { class: 'card panel', 'aria-labelledby': 'keywords-title' },
        h('h2', { id: 'keywords-title', class: 'panel-title' }, 'Keywords'),
        keywords(
          'In your resume',
          found.matched_keywords,
          'chips-matched',
          'None of the listing’s keywords were found.',
        ),
        keywords(
          'Missing from your resume',
          found.missing_keywords,
          'chips-missing',
          'Nothing important is missing.',
        ),
      ),
    ),
    h(
      'div',
      { class: 'insights' },
      listPanel(
        'Strengths',
        found.strengths,
        'insight-strengths',
        'No particular strengths noted.',
      ),
      listPanel('Weaknesses', found.weaknesses, 'insight-weaknesses', 'No weaknesses noted.'),
      listPanel(
        'Suggestions',
        found.suggestions,
        'insight-suggestions',
        'No suggestions: well done.',
      ),
    ),
    h(
      'p',
      { class: 'muted small' },
      `Analyzed ${formatDateTime(analysis.finished_at)}`,
      analysis.provider
        ? ` · ${analysis.provider}${analysis.model ? ` (${analysis.model})` : ''}`
        : '',
    ),
  ];
}

/** #/analyses/<uuid> */
export async function renderAnalysis(ctx) {
  const analysis = await api.get(`/api/analyses/${ctx.params.id}`);
  const [resume, job] = await Promise.all([
    optional(api.get(`/api/resumes/${analysis.resume_id}`)),
    optional(api.get(`/api/jobs/${analysis.job_id}`)),
  ]);
  const jobName = job ? `${job.company} — ${job.position}` : `job listing #${analysis.job_id}`;
  ctx.title(`Analysis · ${jobName}`);
  const inFlight = analysis.status === 'pending' || analysis.status === 'processing';
  let body;
  if (inFlight) body = progress(analysis);
  else if (analysis.status === 'failed') body = failure(analysis);
  else body = result(analysis);
  ctx.mount(
    h(
      'a',
      { class: 'back-link', href: `#/resumes/${analysis.resume_id}` },
      `← ${resume ? resume.name : 'Resume'}`,
    ),
    pageHeader('Resume analysis', {
      subtitle: [
        resume ? resume.name : 'Your resume',
        ' against ',
        h('strong', {}, jobName),
        ' ',
        analysisStatusChip(analysis.status),
      ],
      actions: analysis.status === 'done' ? [retryButton(analysis, 'Analyze again')] : [],
    }),
    body,
  );
  if (inFlight) waitForResult(ctx, analysis);
}

/** Poll until the analysis changes state, then show the page again (also now and then, to age the wait). */
async function waitForResult(ctx, analysis) {
  let delay = 500;
  let waitedMs = 0;
  while (!ctx.signal.aborted) {
    await sleep(delay, ctx.signal);
    waitedMs += delay;
    delay = Math.min(delay * 1.5, 3000);
    if (ctx.signal.aborted) return;
    let latest;
    try {
      latest = await api.get(`/api/analyses/${analysis.id}`);
    } catch (error) {
      document.querySelector('.analysis-progress')?.append(errorAlert(error));
      return;
    }
    if (latest.status !== analysis.status || waitedMs >= REFRESH_MS) {
      ctx.reload();
      return;
    }
  }
}
