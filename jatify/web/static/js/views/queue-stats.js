// The job queue at a glance, from GET /api/queue/stats (admins only): jobs per status,
// the oldest waiting job, recent throughput, and a table of jobs per kind and status.

import { api } from '../api.js';
import { formatDuration, h } from '../dom.js';
import { errorAlert, statTile } from '../ui.js';

/** Readable names of the job kinds people meet; others show their raw name. */
export const KIND_NAMES = {
  'analysis.run': 'Resume analyses',
  'resume.extract': 'Text extractions',
};
const STATUSES = [
  ['pending', 'Pending'],
  ['processing', 'Processing'],
  ['done', 'Done'],
  ['failed', 'Failed'],
];

function jobsBy(counts, key) {
  const totals = {};
  for (const count of counts) totals[count[key]] = (totals[count[key]] ?? 0) + count.jobs;
  return totals;
}

function tiles(stats) {
  const perStatus = jobsBy(stats.counts, 'status');
  const recent = stats.finished.at(-1);
  const notes = {
    pending: 'Waiting for a worker, or scheduled to retry',
    processing: 'Running now',
    done: recent ? `${recent.done} in the last ${recent.minutes} min` : null,
    failed: recent ? `${recent.failed} in the last ${recent.minutes} min` : null,
  };
  const oldest = stats.oldest_pending_seconds;
  return h(
    'div',
    { class: 'stat-tiles' },
    STATUSES.map(([status, label]) =>
      statTile(label, String(perStatus[status] ?? 0), notes[status]),
    ),
    statTile(
      'Oldest waiting job',
      oldest === null ? '—' : formatDuration(oldest),
      oldest === null ? 'No job is due' : 'Due to run, not yet claimed',
    ),
  );
}

function kindTable(counts) {
  const byKind = {};
  for (const { status, kind, jobs } of counts) {
    byKind[kind] = { ...byKind[kind], [status]: jobs };
  }
  const cell = (label, text) => h('td', { 'data-label': label }, text);
  return h(
    'div',
    { class: 'card table-wrap' },
    h(
      'table',
      { class: 'table responsive queue-kinds' },
      h('caption', { class: 'sr-only' }, 'Jobs per kind and status'),
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          h('th', { scope: 'col' }, 'Kind'),
          STATUSES.map(([, label]) => h('th', { scope: 'col' }, label)),
        ),
      ),
      h(
        'tbody',
        {},
        Object.entries(byKind).map(([kind, jobs]) =>
          h(
            'tr',
            {},
            h('th', { scope: 'row', 'data-label': 'Kind' }, KIND_NAMES[kind] || kind),
            STATUSES.map(([status, label]) => cell(label, String(jobs[status] ?? 0))),
          ),
        ),
      ),
    ),
  );
}

/** The queue panel and `refresh()`, which loads the numbers again (until `signal` aborts). */
export function queueStatsPanel(signal) {
  const body = h('div', { 'aria-live': 'polite' });
  const element = h(
    'section',
    { class: 'queue-stats', 'aria-labelledby': 'queue-stats-title' },
    h('h2', { id: 'queue-stats-title', class: 'panel-title' }, 'Job queue'),
    body,
  );

  async function refresh() {
    try {
      const stats = await api.get('/api/queue/stats');
      if (signal.aborted) return;
      body.replaceChildren(
        tiles(stats),
        stats.counts.length
          ? kindTable(stats.counts)
          : h('p', { class: 'muted' }, 'The queue has no jobs.'),
      );
    } catch (error) {
      if (!signal.aborted) body.replaceChildren(errorAlert(error));
    }
  }

  return { element, refresh };
}
