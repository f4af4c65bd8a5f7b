// #/admin/dlq: the dead-letter queue: jobs that failed for good. Requeue one or all,
// or delete an entry. Admins see every entry and the queue's counts above them; other
// people see their own entries.

import { api } from '../api.js';
import { formatDateTime, h, plural, sentence, timeEl } from '../dom.js';
import { field } from '../forms.js';
import { setQuery } from '../router.js';
import { user } from '../session.js';
import {
  busy,
  confirmDialog,
  emptyState,
  errorAlert,
  pageHeader,
  pager,
  statTile,
  toast,
} from '../ui.js';
import { KIND_NAMES, queueStatsPanel } from './queue-stats.js';

const KINDS = [['', 'All kinds'], ...Object.entries(KIND_NAMES)];

function history(entry) {
  if (!entry.errors?.length) return null;
  return h(
    'details',
    { class: 'dlq-history' },
    h('summary', {}, `Every attempt (${entry.errors.length})`),
    h(
      'ol',
      {},
      entry.errors.map((attempt) =>
        h(
          'li',
          {},
          h('strong', {}, `Attempt ${attempt.attempt}`),
          ` · ${formatDateTime(attempt.at)}: `,
          sentence(attempt.error),
        ),
      ),
    ),
  );
}

function entryRow(entry, reload) {
  const requeue = h(
    'button',
    {
      type: 'button',
      class: 'btn btn-small btn-primary',
      onClick: () =>
        busy(requeue, async () => {
          try {
            await api.post(`/api/dlq/${entry.id}/requeue`);
            toast('Job requeued: a worker will run it again.');
          } catch (error) {
            toast(error.message, { error: true });
          }
          reload();
        }),
    },
    'Requeue',
  );
  const remove = h(
    'button',
    {
      type: 'button',
      class: 'btn btn-small btn-danger',
      onClick: async () => {
        if (
          !(await confirmDialog(
            'Delete this failed job?',
            'The entry and its job are deleted for good; it cannot be requeued afterwards.',
          ))
        )
          return;
        await busy(remove, async () => {
          try {
            await api.del(`/api/dlq/${entry.id}`);
            toast('Entry deleted.');
          } catch (error) {
            toast(error.message, { error: true });
          }
          reload();
        });
      },
    },
    'Delete',
  );
  return h(
    'li',
    { class: 'card panel dlq-entry', dataset: { entryId: entry.id } },
    h(
      'div',
      { class: 'dlq-entry-head' },
      h('span', { class: 'chip chip-danger' }, KIND_NAMES[entry.kind] || entry.kind),
      h(
        'span',
        { class: 'muted small' },
        'Failed ',
        timeEl(entry.failed_at),
        ` after ${plural(entry.attempts, 'attempt')}`,
        user()?.is_admin ? ` · user #${entry.user_id ?? '—'}` : '',
      ),
      h('div', { class: 'dlq-entry-actions' }, requeue, remove),
    ),
    h('p', { class: 'dlq-error' }, sentence(entry.error)),
    history(entry),
    h('p', { class: 'muted small mono' }, `Entry ${entry.id} · job ${entry.job_id}`),
  );
}

function summary(total) {
  return h(
    'div',
    { class: 'stat-tiles' },
    statTile(
      'Open dead letters',
      String(total),
      'Jobs that used up their attempts or failed permanently.',
    ),
  );
}

/** #/admin/dlq */
export async function renderDeadLetters(ctx) {
  ctx.title('Failed jobs');
  let query = { kind: ctx.query.kind, page: ctx.query.page };
  const results = h('div', { 'aria-live': 'polite' });
  const counts = h('div');
  const queue = user()?.is_admin ? queueStatsPanel(ctx.signal) : null;
  const requeueAll = h(
    'button',
    {
      type: 'button',
      class: 'btn btn-primary',
      onClick: () =>
        busy(requeueAll, async () => {
          try {
            const answer = await api.post('/api/dlq/requeue', {});
            const skipped = answer.skipped
              ? ` ${plural(answer.skipped, 'duplicate')} of those left here: one job per key is enough.`
              : '';
            toast(`${plural(answer.requeued, 'job')} requeued.${skipped}`);
          } catch (error) {
            toast(error.message, { error: true });
          }
          await load(query);
        }),
    },
    'Requeue all',
  );

  async function load(next) {
    query = next;
    setQuery(query);
    const queueRefreshed = queue?.refresh();
    try {
      const answer = await api.get('/api/dlq', query);
      if (ctx.signal.aborted) return;
      counts.replaceChildren(summary(answer.total));
      requeueAll.hidden = answer.total === 0;
      results.replaceChildren(
        answer.total === 0
          ? emptyState({
              iconName: 'inbox',
              title: 'The dead-letter queue is empty',
              text: 'Jobs that fail for good (after every retry, or with a permanent error) land here so nothing is lost. You can requeue them once the cause is fixed.',
            })
          : h(
              'div',
              {},
              h(
                'ul',
                { class: 'dlq-list' },
                answer.items.map((entry) => entryRow(entry, () => load(query))),
              ),
              pager(answer, 'entry', (page) => load({ ...query, page })),
            ),
      );
    } catch (error) {
      requeueAll.hidden = true;
      results.replaceChildren(errorAlert(error));
    }
    await queueRefreshed;
  }

  const filter = field({
    name: 'kind',
    label: 'Kind',
    markOptional: false,
    className: 'field-narrow',
    type: 'select',
    value: query.kind ?? '',
    options: KINDS.map(([value, label]) => ({ value, label })),
  });
  filter
    .querySelector('select')
    .addEventListener('change', (event) => load({ kind: event.target.value || undefined }));
  await load(query);
  ctx.mount(
    pageHeader('Failed jobs', {
      subtitle: user()?.is_admin
        ? 'The dead-letter queue of every user.'
        : 'Your jobs that failed for good.',
      actions: [requeueAll],
    }),
    queue ? [queue.element] : [],
    counts,
    h('div', { class: 'toolbar' }, filter),
    results,
  );
}
