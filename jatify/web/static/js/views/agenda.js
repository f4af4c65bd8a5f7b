// #/agenda: what to do now. Today, the rest of this week, and what is overdue (tasks past
// due and applications whose expected answer has not come), from GET /api/agenda.

import { api } from '../api.js';
import { formatDate, h, plural } from '../dom.js';
import { emptyState, pageHeader } from '../ui.js';
import { accountZone, dayOf, formatInZone, timeInZone, todayInZone } from '../zoned.js';
import { placeOf } from './application-agenda.js';
import { calendarPanel } from './calendar-address.js';
import { followUpLabel } from './follow-up.js';
import { kindLabel } from './interview-form.js';
import { doneCheckbox } from './task-form.js';

const WEEK_DAYS = 7;

function jobLink(item) {
  return h(
    'a',
    { href: `#/applications/${item.application_id ?? item.id}` },
    `${item.job.position} at ${item.job.company}`,
  );
}

function interviewRow(interview, today) {
  const day = dayOf(interview.scheduled_at);
  const when =
    day === today ? timeInZone(interview.scheduled_at) : formatInZone(interview.scheduled_at);
  return h(
    'li',
    { class: 'agenda-item', dataset: { interviewId: interview.id } },
    h(
      'div',
      { class: 'agenda-item-main' },
      h('time', { class: 'agenda-when', datetime: interview.scheduled_at }, when),
      h('span', { class: 'chip chip-info' }, kindLabel(interview.kind)),
      jobLink(interview),
      placeOf(interview.location),
    ),
  );
}

function taskRow(task, today, onDone) {
  const day = dayOf(task.due_at);
  const when =
    day === today ? `due ${timeInZone(task.due_at)}` : `due ${formatInZone(task.due_at)}`;
  return h(
    'li',
    { class: 'agenda-item', dataset: { taskId: task.id } },
    h(
      'div',
      { class: 'agenda-item-main' },
      doneCheckbox(task, onDone),
      h('span', { class: 'task-title' }, task.title),
      h('time', { class: 'agenda-when', datetime: task.due_at }, when),
      jobLink(task),
    ),
  );
}

function followUpRow(application) {
  return h(
    'li',
    { class: 'agenda-item', dataset: { applicationId: application.id } },
    h(
      'div',
      { class: 'agenda-item-main' },
      h('span', { class: 'chip chip-warning' }, followUpLabel(application)),
      jobLink(application),
      h(
        'span',
        { class: 'muted' },
        `answer expected by ${formatDate(application.follow_up.expected_response_by)}: time to follow up`,
      ),
    ),
  );
}

function section(id, title, rows, empty) {
  return h(
    'section',
    { class: 'card panel agenda-section', 'aria-labelledby': id },
    h('h2', { id, class: 'panel-title' }, title),
    rows.length ? h('ol', { class: 'agenda-list' }, rows) : h('p', { class: 'muted' }, empty),
  );
}

/** #/agenda */
export async function renderAgenda(ctx) {
  ctx.title('Agenda');
  const agenda = await api.get('/api/agenda', { days: WEEK_DAYS });
  const today = todayInZone();
  const reload = () => ctx.reload();
  // Interviews and tasks together, by time, split into today and the rest of the week.
  const timed = [
    ...agenda.interviews.map((item) => [item.scheduled_at, interviewRow(item, today)]),
    ...agenda.tasks.map((item) => [item.due_at, taskRow(item, today, reload)]),
  ].sort(([one], [other]) => Date.parse(one) - Date.parse(other));
  const todays = timed.filter(([at]) => dayOf(at) === today).map(([, row]) => row);
  const later = timed.filter(([at]) => dayOf(at) !== today).map(([, row]) => row);
  const overdue = [
    ...agenda.overdue_tasks.map((item) => taskRow(item, today, reload)),
    ...agenda.follow_ups.map(followUpRow),
  ];
  const nothing = !todays.length && !later.length && !overdue.length;
  ctx.mount(
    pageHeader('Agenda', {
      subtitle: `What to do next: ${plural(todays.length, 'thing')} today. Times in ${accountZone()}.`,
    }),
    nothing
      ? emptyState({
          iconName: 'board',
          title: 'Nothing to do right now',
          text: 'Schedule interviews and add follow-up tasks on an application’s page: they show up here, and so do applications that have waited longer than usual for an answer.',
          actions: [h('a', { class: 'btn btn-primary', href: '#/board' }, 'Go to your board')],
        })
      : [],
    h(
      'div',
      { class: 'agenda-grid' },
      section('agenda-today', `Today, ${formatDate(agenda.from)}`, todays, 'Nothing today.'),
      section('agenda-week', 'This week', later, 'Nothing else this week.'),
      section('agenda-overdue', 'Overdue', overdue, 'Nothing overdue.'),
      calendarPanel(),
    ),
  );
}
