// A captured posting on its listing's page: whether it is still open, its dates, and the
// snapshots of its text (each opens in a dialog with the lines that changed since the
// snapshot before it).

import { api } from '../api.js';
import { formatDate, formatDateTime, h, timeEl } from '../dom.js';
import { openDialog } from '../ui.js';

const MAX_DIFF_LINES = 1500;
const STATUS = {
  open: ['chip chip-success', 'Open'],
  closed: ['chip chip-danger', 'Posting closed'],
};

function employment(value) {
  return value
    .split(', ')
    .map((kind) => kind.replaceAll('_', ' ').toLowerCase())
    .map((kind) => kind.charAt(0).toUpperCase() + kind.slice(1))
    .join(', ');
}

/** Rows for the listing's details list: the posting's state, dates and kind of work. */
export function postingFacts(job) {
  const [chipClass, label] = STATUS[job.posting_status] || [];
  return [
    [
      'Posting status',
      label
        ? [
            h('span', { class: chipClass }, label),
            job.posting_checked_at ? [' checked ', timeEl(job.posting_checked_at)] : null,
          ]
        : null,
    ],
    ['Posted', job.posted_at ? formatDate(job.posted_at) : null],
    ['Apply by', job.valid_through ? formatDate(job.valid_through) : null],
    ['Employment', job.employment_type ? employment(job.employment_type) : null],
  ];
}

/** The lines of `before` and `after` as kept, removed or added (a longest common subsequence). */
function lineDiff(before, after) {
  const a = before.split('\n').slice(0, MAX_DIFF_LINES);
  const b = after.split('\n').slice(0, MAX_DIFF_LINES);
  const lengths = Array.from({ length: a.length + 1 }, () => new Uint16Array(b.length + 1));
  for (let i = a.length - 1; i >= 0; i -= 1) {
    for (let j = b.length - 1; j >= 0; j -= 1) {
      lengths[i][j] =
        a[i] === b[j] ? lengths[i + 1][j + 1] + 1 : Math.max(lengths[i + 1][j], lengths[i][j + 1]);
    }
  }
  const lines = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) {
      lines.push({ kind: 'same', text: a[i] });
      i += 1;
      j += 1;
    } else if (i < a.length && (j === b.length || lengths[i + 1][j] >= lengths[i][j + 1])) {
      lines.push({ kind: 'removed', text: a[i] });
      i += 1;
    } else {
      lines.push({ kind: 'added', text: b[j] });
      j += 1;
    }
  }
  return lines;
}

function diffView(lines) {
  const tags = { same: 'span', added: 'ins', removed: 'del' };
  const marks = { same: '  ', added: '+ ', removed: '− ' };
  return h(
    'pre',
    { class: 'snapshot-text' },
    lines.map((line) =>
      h(tags[line.kind], { class: `diff-line diff-${line.kind}` }, marks[line.kind] + line.text),
    ),
  );
}

async function openSnapshot(jobId, snapshot, previous) {
  const base = `/api/jobs/${jobId}/snapshots`;
  const [detail, before] = await Promise.all([
    api.get(`${base}/${snapshot.id}`),
    previous && snapshot.changed ? api.get(`${base}/${previous.id}`) : null,
  ]);
  const intro = before
    ? `What changed since ${formatDateTime(previous.fetched_at)}: added lines are marked +, removed ones −.`
    : 'The posting as it was then.';
  openDialog(`Posting on ${formatDateTime(snapshot.fetched_at)}`, [
    h('p', { class: 'muted small' }, intro),
    before
      ? diffView(lineDiff(before.text, detail.text))
      : h('pre', { class: 'snapshot-text' }, detail.text),
  ]);
}

/** The "Snapshots" panel of a listing: each fetch whose text differed from the one before. */
export function snapshotsPanel(job, snapshots) {
  const body = snapshots.length
    ? h(
        'ul',
        { class: 'analysis-list snapshot-list' },
        snapshots.map((snapshot, index) =>
          h(
            'li',
            { class: 'analysis-row' },
            h(
              'button',
              {
                type: 'button',
                class: 'btn btn-small',
                onClick: () => openSnapshot(job.id, snapshot, snapshots[index + 1]),
              },
              formatDateTime(snapshot.fetched_at),
            ),
            snapshot.changed
              ? h('span', { class: 'chip chip-warning' }, 'Changed')
              : h('span', { class: 'muted small' }, 'First capture'),
          ),
        ),
      )
    : h(
        'p',
        { class: 'muted' },
        'No snapshot yet: capture the posting from its link to keep its text.',
      );
  return h(
    'section',
    { class: 'card panel', 'aria-labelledby': 'job-snapshots-title' },
    h('h2', { id: 'job-snapshots-title', class: 'panel-title' }, 'Posting snapshots'),
    body,
  );
}
