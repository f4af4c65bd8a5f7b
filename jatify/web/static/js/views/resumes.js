// #/resumes: upload a resume and see every resume with its text extraction state.

import { api } from '../api.js';
import { formatBytes, h, sleep, timeEl } from '../dom.js';
import { clearErrors, field, formEl, onSubmit, showErrors } from '../forms.js';
import { navigate, setQuery } from '../router.js';
import { emptyState, errorAlert, pageHeader, pager, toast } from '../ui.js';

export const TEXT_ERRORS = {
  no_text:
    'No text could be read: the file looks scanned or empty. Upload a text-based PDF, a DOCX or a .txt file.',
  encrypted: 'The PDF is password-protected. Save a copy without a password and upload that.',
  corrupt: 'The file is damaged or not really a PDF/DOCX. Export it again and upload the new copy.',
  too_many_pages: 'The document has too many pages for a resume.',
  timeout: 'Reading the file took too long. Try a smaller or simpler export.',
};
/** The id of what shows a resume's text extraction state: focus goes there after an upload. */
export const TEXT_STATUS_ID = 'text-status';
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

/** The largest request body the server takes (MAX_UPLOAD_BYTES), from the page it served. */
function uploadLimitBytes() {
  return Number(document.querySelector('meta[name="jatify-max-upload-bytes"]').content);
}

/** The form error of a file over the limit, in the words of `text`. */
function tooLarge(text) {
  return { message: 'The file is too large to upload.', details: { file: [text] } };
}

function uploadForm() {
  const limit = uploadLimitBytes();
  const oversize = (file) =>
    file?.size > limit
      ? `${file.name} is ${formatBytes(file.size)}, larger than the ${formatBytes(limit)} limit.`
      : null;
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
        hint: `PDF, DOCX or plain text, up to ${formatBytes(limit)}. The text is read in the background.`,
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
  form.elements.file.addEventListener('change', () => {
    clearErrors(form);
    const problem = oversize(form.elements.file.files[0]);
    if (problem) showErrors(form, tooLarge(problem));
  });
  onSubmit(form, async () => {
    const data = new FormData();
    const file = form.elements.file.files[0];
    const problem = oversize(file);
    if (problem) throw tooLarge(problem);
    data.append('file', file);
    const name = form.elements.name.value.trim();
    if (name) data.append('name', name);
    let resume;
    try {
      resume = await api.upload('/api/resumes', data);
    } catch (error) {
      if (error.code !== 'file_too_large') throw error;
      throw tooLarge(`${file.name} is larger than the ${formatBytes(limit)} limit.`);
    }
    toast(`${resume.name} uploaded. Reading its text…`);
    navigate(`/resumes/${resume.id}`, undefined, { focus: TEXT_STATUS_ID });
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
    setQuery(page > 1 ? { page } : {});
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
