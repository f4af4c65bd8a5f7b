// #/resumes: upload a resume and see every resume with its text extraction state.

import { api } from '../api.js';
import { formatBytes, h, sleep, timeEl } from '../dom.js';
import { field, formEl, onSubmit } from '../forms.js';
import { navigate, replaceQuery } from '../router.js';
import { emptyState, errorAlert, pageHeader, pager, toast } from '../ui.js';

export const TEXT_ERRORS = {
  no_text:
    'No text could be read: the file looks scanned or empty. Upload a text-based PDF, a DOCX or a .txt file.',
  encrypted: 'The PDF is password-protected. Save a copy without a password and upload that.',
  corrupt: 'The file is damaged or not really a PDF/DOCX. Export it again and upload the new copy.',
  too_many_pages: 'The document has too many pages for a resume.',
  timeout: 'Reading the file took too long. Try a smaller or simpler export.',
};
const TYPES = {
  'application/pdf': 'PDF',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'DOCX',
  'text/plain': 'Text',
};

/** A chip for a resume's text_status. */
export function textStatusChip(resume) {
  if (resume.text_status === 'ready')
    return h('span', { class: 'chip chip-success' }, 'Text ready');
  if (resume.text_status === 'failed')
    return h('span', { class: 'chip chip-danger' }, 'Extraction failed');
  return h('span', { class: 'chip chip-info chip-pulse' }, 'Extracting text…');
}

/** "PDF · 2 pages · 84 KB" */
export function fileFacts(resume) {
  const pages = resume.page_count
    ? `${resume.page_count} page${resume.page_count === 1 ? '' : 's'}`
    : null;
  return [TYPES[resume.content_type] || resume.content_type, pages, formatBytes(resume.size_bytes)]
    .filter(Boolean)
    .join(' · ');
}

function uploadForm() {
  const form = formEl({
    className: 'form form-grid upload-form',
    fields: [
      field({
        name: 'file',
        label: 'Resume file',
        type: 'file',
        required: true,
        accept:
          '.pdf,.docx,.txt,application/pdf,application/vnd.openxmlformats-officedocument.wordprocessingml.document,text/plain',
        hint: 'PDF, DOCX or plain text, up to 5 MB. The text is read in the background.',
      }),
      field({
        name: 'name',
        label: 'Name',
        maxlength: 200,
        hint: 'Defaults to the file name, e.g. “Backend — 2026”.',
      }),
    ],
    submitLabel: 'Upload resume',
  });
  onSubmit(form, async () => {
    const data = new FormData();
    const file = form.elements.file.files[0];
    data.append('file', file);
    const name = form.elements.name.value.trim();
    if (name) data.append('name', name);
    const resume = await api.upload('/api/resumes', data);
    toast(`${resume.name} uploaded. Reading its text…`);
    navigate(`/resumes/${resume.id}`);
  });
  return form;
}

function resumeRow(resume) {
  return h(
    'li',
    { class: 'card resume-row', dataset: { resumeId: resume.id } },
    h(
      'div',
      {},
      h('a', { class: 'resume-row-title', href: `#/resumes/${resume.id}` }, resume.name),
      h(
        'p',
        { class: 'muted small' },
        fileFacts(resume),
        ' · uploaded ',
        timeEl(resume.created_at),
      ),
    ),
    textStatusChip(resume),
  );
}

/** #/resumes */
export async function renderResumes(ctx) {
  ctx.title('Resumes');
  const results = h('div', { 'aria-live': 'polite' });
  let page = Number(ctx.query.page) || 1;

  async function load() {
    replaceQuery(page > 1 ? { page } : {});
    const answer = await api.get('/api/resumes', { page });
    if (ctx.signal.aborted) return answer;
    results.replaceChildren(
      answer.total === 0
        ? emptyState({
            iconName: 'file',
            title: 'No resumes yet',
            text: 'Upload your resume above. Once its text is read you can analyze it against any job listing to see your match score, missing keywords and suggestions.',
          })
        : h(
            'div',
            {},
            h('ul', { class: 'resume-list' }, answer.items.map(resumeRow)),
            pager(answer, 'resume', (next) => {
              page = next;
              load().catch((error) => results.replaceChildren(errorAlert(error)));
            }),
          ),
    );
    return answer;
  }

  const answer = await load();
  ctx.mount(
    pageHeader('Resumes', {
      subtitle: 'Upload a resume, read its text, and analyze it against a job listing.',
    }),
    h(
      'section',
      { class: 'card panel', 'aria-labelledby': 'upload-title' },
      h('h2', { id: 'upload-title', class: 'panel-title' }, 'Upload a resume'),
      uploadForm(),
    ),
    h('section', { class: 'stack-top', 'aria-label': 'Your resumes' }, results),
  );
  refreshWhilePending(ctx, answer, load);
}

/** Reload the list while some text is still being extracted (stops when the page is left). */
async function refreshWhilePending(ctx, first, load) {
  let answer = first;
  let delay = 1000;
  while (!ctx.signal.aborted && answer.items.some((resume) => resume.text_status === 'pending')) {
    await sleep(delay, ctx.signal);
    delay = Math.min(delay * 1.5, 5000);
    if (ctx.signal.aborted) return;
    answer = await load().catch(() => answer);
  }
}
