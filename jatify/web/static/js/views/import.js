// #/applications/import: upload a CSV of applications (POST /api/applications/import),
// then follow the import on the queue (GET /api/imports/<id>) and show what it did.

import { request, uploadWithProgress } from '../api.js';
import { formatBytes, h, plural } from '../dom.js';
import { field, formEl, onSubmit } from '../forms.js';
import { pageHeader, statTile } from '../ui.js';

const COLUMNS = [
  ['company', 'required'],
  ['position', 'required'],
  ['status', 'required: a status name, e.g. “Applied” or “Wishlist”'],
  ['applied_at', 'optional: the day you applied, YYYY-MM-DD'],
  ['notes', 'optional'],
  ['job_url, location, salary, job_description', 'optional: the job listing’s details'],
];

function columnsHelp() {
  return h(
    'section',
    { class: 'card panel', 'aria-labelledby': 'import-columns-title' },
    h('h2', { id: 'import-columns-title', class: 'panel-title' }, 'What the file holds'),
    h(
      'p',
      {},
      'A UTF-8 CSV whose first line names the columns, like the one “Export CSV” gives. ' +
        'Header names are matched loosely (“Company name”, “Date applied” and “Job title” work too); ' +
        'other columns are ignored.',
    ),
    h(
      'ul',
      { class: 'import-columns' },
      COLUMNS.map(([name, text]) => h('li', {}, h('code', {}, name), ` — ${text}`)),
    ),
    h(
      'p',
      { class: 'muted small' },
      'A job listing with the same company, position and link is reused, otherwise one is created. ' +
        'A row that matches an application you already have (same listing, date, status and notes) ' +
        'is skipped, so importing a file twice adds nothing.',
    ),
  );
}

/** The upload's progress bar and the sentence that says what is happening. */
function progressView() {
  const bar = h('progress', { max: '100', value: '0', 'aria-label': 'Upload progress' });
  const percent = h('span', { class: 'import-percent', 'aria-hidden': 'true' }, '0%');
  const phase = h('p', { class: 'import-phase', role: 'status' });
  const element = h(
    'div',
    { class: 'import-progress', hidden: true },
    h('div', {}, bar, percent),
    phase,
  );
  return {
    element,
    start(file) {
      element.hidden = false;
      bar.value = 0;
      percent.textContent = '0%';
      phase.textContent = `Uploading ${file.name} (${formatBytes(file.size)})…`;
    },
    sent(loaded, total) {
      const value = Math.round((loaded / total) * 100);
      bar.value = value;
      percent.textContent = `${value}%`;
      if (loaded === total) phase.textContent = 'Uploaded. Waiting for the import to start…';
    },
    importing(run) {
      bar.setAttribute('aria-label', 'Import progress');
      const value = run.rows_total ? Math.round((run.rows_done / run.rows_total) * 100) : 0;
      bar.value = value;
      percent.textContent = `${value}%`;
      phase.textContent = run.rows_total
        ? `Importing the rows: ${run.rows_done} of ${run.rows_total}…`
        : 'Counting the rows…';
    },
    finish(text) {
      bar.value = 100;
      percent.textContent = '100%';
      phase.textContent = text;
    },
    hide() {
      element.hidden = true;
    },
  };
}

function failuresTable(report) {
  return h(
    'div',
    { class: 'table-wrap' },
    h(
      'table',
      { class: 'table' },
      h('caption', { class: 'sr-only' }, 'Rows that were not imported'),
      h(
        'thead',
        {},
        h('tr', {}, h('th', { scope: 'col' }, 'Row'), h('th', { scope: 'col' }, 'Problem')),
      ),
      h(
        'tbody',
        {},
        report.errors.map((failure) =>
          h('tr', {}, h('td', {}, String(failure.row)), h('td', {}, failure.message)),
        ),
      ),
    ),
    report.failed > report.errors.length
      ? h('p', { class: 'muted small' }, `The first ${report.errors.length} are listed.`)
      : null,
  );
}

/** What an import did: created, duplicates, failed rows (and why). */
function reportView(report) {
  return h(
    'section',
    { class: 'card panel import-report', 'aria-labelledby': 'import-report-title' },
    h('h2', { id: 'import-report-title', class: 'panel-title', tabindex: '-1' }, 'Import finished'),
    h(
      'div',
      { class: 'stat-tiles' },
      statTile('Created', String(report.created), plural(report.jobs_created, 'new job listing')),
      statTile('Duplicates', String(report.skipped), 'already there, skipped'),
      statTile('Failed', String(report.failed), `of ${plural(report.rows_done, 'row')} read`),
    ),
    report.failed ? failuresTable(report) : null,
    report.ignored_columns.length
      ? h('p', { class: 'muted small' }, `Ignored columns: ${report.ignored_columns.join(', ')}.`)
      : null,
    report.created
      ? h('p', {}, h('a', { href: '#/applications?sort=-created_at' }, 'See the applications'))
      : null,
  );
}

function summary(report) {
  return `Import finished: ${report.created} created, ${plural(report.skipped, 'duplicate')}, ${report.failed} failed.`;
}

const POLL_MS = 500;

/** Follow a queued import until it is done or failed, showing its progress. */
async function followImport(run, progress, signal) {
  while (run.status === 'pending' || run.status === 'processing') {
    if (run.status === 'processing') progress.importing(run);
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    if (signal.aborted) return run;
    run = await request('GET', `/api/imports/${run.id}`);
  }
  return run;
}

/** #/applications/import */
export async function renderImport(ctx) {
  ctx.title('Import applications');
  const progress = progressView();
  const result = h('div', { class: 'stack-top' });
  const form = formEl({
    className: 'form form-grid',
    fields: [
      field({
        name: 'file',
        label: 'CSV file',
        type: 'file',
        required: true,
        accept: '.csv,text/csv',
      }),
    ],
    submitLabel: 'Import',
  });
  onSubmit(form, async () => {
    const file = form.elements.file.files[0];
    const data = new FormData();
    data.append('file', file);
    result.replaceChildren();
    progress.start(file);
    let report;
    try {
      const queued = await uploadWithProgress('/api/applications/import', data, progress.sent);
      report = await followImport(queued, progress, ctx.signal);
    } catch (error) {
      progress.hide();
      throw error;
    }
    if (ctx.signal.aborted) return;
    if (report.status === 'failed') {
      progress.finish(`The import stopped: ${report.error}`);
      return;
    }
    progress.finish(summary(report));
    form.reset();
    result.replaceChildren(reportView(report));
    result.querySelector('h2').focus();
  });
  ctx.mount(
    h('a', { class: 'back-link', href: '#/applications' }, '← Applications'),
    pageHeader('Import applications', {
      subtitle: 'Bring in the applications you kept in a spreadsheet or another tracker.',
    }),
    h(
      'div',
      { class: 'grid-2' },
      h(
        'div',
        {},
        h(
          'section',
          { class: 'card panel', 'aria-labelledby': 'import-upload-title' },
          h('h2', { id: 'import-upload-title', class: 'panel-title' }, 'Your file'),
          form,
          progress.element,
        ),
        result,
      ),
      columnsHelp(),
    ),
  );
}
