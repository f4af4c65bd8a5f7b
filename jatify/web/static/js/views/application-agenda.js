// The interviews and tasks panels of an application page: list, add, edit, complete and
// delete, with times in the account's time zone. Each panel loads its own records.

import { api, fetchAll } from '../api.js';
import { h } from '../dom.js';
import { busy, confirmDialog, errorAlert, toast } from '../ui.js';
import { dayOf, formatInZone, todayInZone } from '../zoned.js';
import { kindLabel, openInterviewDialog, outcomeLabel } from './interview-form.js';
import { doneCheckbox, openTaskDialog } from './task-form.js';

const OUTCOME_CHIPS = { passed: 'chip-success', failed: 'chip-danger', cancelled: 'chip-warning' };

function deleteButton(label, path, what, reload) {
  const button = h(
    'button',
    {
      type: 'button',
      class: 'btn btn-small btn-ghost',
      'aria-label': `Delete ${label}`,
      onClick: async () => {
        if (!(await confirmDialog(`Delete ${what}?`, 'It is deleted for good.'))) return;
        await busy(button, async () => {
          try {
            await api.del(path);
            toast(`${what.charAt(0).toUpperCase()}${what.slice(1)} deleted.`);
            reload();
          } catch (error) {
            toast(error.message, { error: true });
          }
        });
      },
    },
    'Delete',
  );
  return button;
}

/** A place: a link when it is one, text otherwise. */
export function placeOf(location) {
  if (!location) return null;
  return /^https?:\/\//i.test(location)
    ? h('a', { href: location, target: '_blank', rel: 'noopener noreferrer' }, 'Join link ↗')
    : location;
}

function interviewItem(interview, applicationId, reload) {
  const when = formatInZone(interview.scheduled_at);
  return h(
    'li',
    { class: 'agenda-item', dataset: { interviewId: interview.id } },
    h(
      'div',
      { class: 'agenda-item-main' },
      h('time', { class: 'agenda-when', datetime: interview.scheduled_at }, when),
      h('span', {}, `${kindLabel(interview.kind)}, ${interview.duration_minutes} min`),
      interview.interviewers.length
        ? h('span', { class: 'muted' }, `with ${interview.interviewers.join(', ')}`)
        : null,
      placeOf(interview.location),
      h(
        'span',
        { class: ['chip', OUTCOME_CHIPS[interview.outcome]] },
        outcomeLabel(interview.outcome),
      ),
    ),
    interview.feedback ? h('p', { class: 'prewrap agenda-note' }, interview.feedback) : null,
    h(
      'div',
      { class: 'agenda-actions' },
      h(
        'button',
        {
          type: 'button',
          class: 'btn btn-small',
          'aria-label': `Edit the interview of ${when}`,
          onClick: () => openInterviewDialog({ applicationId, interview, onSaved: reload }),
        },
        'Edit',
      ),
      deleteButton(
        `the interview of ${when}`,
        `/api/interviews/${interview.id}`,
        'this interview',
        reload,
      ),
    ),
  );
}

function taskItem(task, reload) {
  const overdue = !task.done && dayOf(task.due_at) < todayInZone();
  return h(
    'li',
    { class: ['agenda-item', task.done && 'is-done'], dataset: { taskId: task.id } },
    h(
      'div',
      { class: 'agenda-item-main' },
      doneCheckbox(task, reload),
      h('span', { class: 'task-title' }, task.title),
      h(
        'time',
        { class: 'agenda-when', datetime: task.due_at },
        `due ${formatInZone(task.due_at)}`,
      ),
      overdue ? h('span', { class: 'chip chip-danger' }, 'Overdue') : null,
    ),
    task.notes ? h('p', { class: 'prewrap agenda-note' }, task.notes) : null,
    h(
      'div',
      { class: 'agenda-actions' },
      h(
        'button',
        {
          type: 'button',
          class: 'btn btn-small',
          'aria-label': `Edit the task ${task.title}`,
          onClick: () => openTaskDialog({ task, onSaved: reload }),
        },
        'Edit',
      ),
      deleteButton(`the task ${task.title}`, `/api/tasks/${task.id}`, 'this task', reload),
    ),
  );
}

function panel(id, title, addLabel, onAdd, body) {
  return h(
    'section',
    { class: 'card panel', 'aria-labelledby': id },
    h(
      'div',
      { class: 'panel-heading' },
      h('h2', { id, class: 'panel-title' }, title),
      h('button', { type: 'button', class: 'btn btn-small btn-primary', onClick: onAdd }, addLabel),
    ),
    body,
  );
}

function interviewsPanel(application) {
  const body = h(
    'div',
    { 'aria-live': 'polite' },
    h('p', { class: 'muted' }, 'Loading interviews…'),
  );
  async function load() {
    try {
      const interviews = await fetchAll(`/api/applications/${application.id}/interviews`);
      body.replaceChildren(
        interviews.length
          ? h(
              'ol',
              { class: 'agenda-list', 'aria-label': 'Interviews' },
              interviews.map((item) => interviewItem(item, application.id, load)),
            )
          : h('p', { class: 'muted' }, 'No interview scheduled yet.'),
      );
    } catch (error) {
      body.replaceChildren(errorAlert(error));
    }
  }
  load();
  const add = () => openInterviewDialog({ applicationId: application.id, onSaved: load });
  return panel('interviews-title', 'Interviews', 'Schedule interview', add, body);
}

function tasksPanel(application) {
  const body = h('div', { 'aria-live': 'polite' }, h('p', { class: 'muted' }, 'Loading tasks…'));
  async function load() {
    try {
      const tasks = await fetchAll('/api/tasks', { application_id: application.id, status: 'all' });
      const ordered = [...tasks.filter((task) => !task.done), ...tasks.filter((task) => task.done)];
      body.replaceChildren(
        ordered.length
          ? h(
              'ol',
              { class: 'agenda-list', 'aria-label': 'Tasks' },
              ordered.map((task) => taskItem(task, load)),
            )
          : h(
              'p',
              { class: 'muted' },
              'No task yet: note what to send or whom to call, and by when.',
            ),
      );
    } catch (error) {
      body.replaceChildren(errorAlert(error));
    }
  }
  load();
  const add = () => openTaskDialog({ applicationId: application.id, onSaved: load });
  return panel('tasks-title', 'Tasks', 'Add task', add, body);
}

/** The application page's interviews and tasks panels. */
export function agendaPanels(application) {
  return [interviewsPanel(application), tasksPanel(application)];
}
