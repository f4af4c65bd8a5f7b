// #/applications/<id>: one application, its details and the timeline of status changes
// (with the note a change carried).

import { api, getStatuses } from '../api.js';
import { formatDate, formatDateTime, h, timeAgo } from '../dom.js';
import { navigate } from '../router.js';
import { busy, confirmDialog, pageHeader, statusChip, toast } from '../ui.js';
import { agendaPanels } from './application-agenda.js';
import { contactsPanel } from './application-contacts.js';
import { openApplicationDialog } from './application-form.js';
import { followUpDetails } from './follow-up.js';
import { notesPanel } from './application-notes.js';
import { analysisLink, tagChips } from './application-facts.js';
import { moveApplication, moveMenu } from './move-menu.js';

function timeline(history) {
  const steps = [...history].reverse();
  return h(
    'ol',
    { class: 'timeline', 'aria-label': 'Status history, newest first' },
    steps.map((change) =>
      h(
        'li',
        { class: `timeline-item status-${change.to_status.id}` },
        h(
          'p',
          { class: 'timeline-change' },
          change.from_status
            ? [
                statusChip(change.from_status),
                h('span', { class: 'timeline-arrow' }, h('span', { class: 'sr-only' }, ' to ')),
                statusChip(change.to_status),
              ]
            : ['Created as ', statusChip(change.to_status)],
        ),
        change.note ? h('p', { class: 'timeline-note prewrap' }, change.note) : null,
        h(
          'p',
          { class: 'timeline-when' },
          h(
            'time',
            { datetime: change.changed_at, title: timeAgo(change.changed_at) },
            formatDateTime(change.changed_at),
          ),
        ),
      ),
    ),
  );
}

function details(application) {
  const job = application.job;
  const rows = [
    ['Job listing', h('a', { href: `#/jobs/${job.id}` }, `${job.company} — ${job.position}`)],
    ['Status', statusChip(application.status)],
    ['Applied on', formatDate(application.applied_at)],
    [
      'Resume',
      application.resume
        ? h('a', { href: `#/resumes/${application.resume.id}` }, application.resume.name)
        : 'None',
    ],
    ['Match', analysisLink(application) ?? 'No analysis (it needs a resume and a description)'],
    ['Tags', application.tags.length ? tagChips(application.tags) : 'None'],
    ['Source', application.source || 'Not recorded'],
    ['Created', formatDateTime(application.created_at)],
    ['Updated', formatDateTime(application.updated_at)],
    ['Follow-up', followUpDetails(application)],
  ];
  return h(
    'dl',
    { class: 'meta-list' },
    rows.map(([term, value]) => [h('dt', {}, term), h('dd', {}, value)]),
  );
}

/** #/applications/<id> */
export async function renderApplication(ctx) {
  const id = ctx.params.id;
  const [application, statuses] = await Promise.all([
    api.get(`/api/applications/${id}`),
    getStatuses(),
  ]);
  ctx.title(`${application.job.company} — application`);

  const move = async (status, note) => {
    try {
      await moveApplication(application, status, note);
      toast(`Moved to ${status.name}.`);
      ctx.reload();
    } catch (error) {
      toast(`Could not move it: ${error.message}`, { error: true });
    }
  };
  const deleteButton = h(
    'button',
    {
      type: 'button',
      class: 'btn btn-danger',
      onClick: async () => {
        const sure = await confirmDialog(
          'Delete this application?',
          `The application to ${application.job.company} and its history leave your board and lists.`,
        );
        if (!sure) return;
        await busy(deleteButton, async () => {
          try {
            await api.del(`/api/applications/${id}`);
            toast('Application deleted.');
            navigate('/applications');
          } catch (error) {
            toast(error.message, { error: true });
          }
        });
      },
    },
    'Delete',
  );

  const header = pageHeader(application.job.company, {
    subtitle: application.job.position,
    actions: [
      moveMenu(application, statuses, move),
      h(
        'button',
        {
          type: 'button',
          class: 'btn',
          onClick: () => openApplicationDialog({ application, onSaved: () => ctx.reload() }),
        },
        'Edit',
      ),
      deleteButton,
    ],
  });
  ctx.mount(
    h('a', { class: 'back-link', href: '#/board' }, '← Board'),
    header,
    h(
      'div',
      { class: 'grid-2' },
      h(
        'div',
        { class: 'stack' },
        h(
          'section',
          { class: 'card panel', 'aria-labelledby': 'history-title' },
          h('h2', { id: 'history-title', class: 'panel-title' }, 'History'),
          timeline(application.status_history),
        ),
        h(
          'section',
          { class: 'card panel', 'aria-labelledby': 'notes-title' },
          h('h2', { id: 'notes-title', class: 'panel-title' }, 'Notes'),
          application.notes
            ? h('p', { class: 'prewrap' }, application.notes)
            : h(
                'p',
                { class: 'muted' },
                'No notes yet. Use Edit to add contacts, dates or impressions.',
              ),
        ),
        notesPanel(application),
        ...agendaPanels(application),
      ),
      h(
        'div',
        { class: 'stack' },
        h(
          'section',
          { class: 'card panel', 'aria-labelledby': 'details-title' },
          h('h2', { id: 'details-title', class: 'panel-title' }, 'Details'),
          details(application),
        ),
        contactsPanel(application, () => ctx.reload()),
      ),
    ),
  );
}
