// The interview dialog (schedule, reschedule, record the outcome), shared by the
// application page and the agenda. Times are typed in the account's time zone.

import { api } from '../api.js';
import { h } from '../dom.js';
import { field, formEl, formValues, onSubmit } from '../forms.js';
import { openDialog, toast } from '../ui.js';
import { accountZone, inputValue, instantOf } from '../zoned.js';

export const KINDS = [
  ['video', 'Video call'],
  ['phone', 'Phone call'],
  ['onsite', 'On-site'],
  ['technical', 'Technical'],
  ['take_home', 'Take-home assignment'],
  ['other', 'Other'],
];
export const OUTCOMES = [
  ['pending', 'Not yet known'],
  ['passed', 'Passed'],
  ['failed', 'Not passed'],
  ['cancelled', 'Cancelled'],
];
const NUMBERS = ['duration_minutes'];

/** The label of an interview's kind ("Video call"). */
export function kindLabel(kind) {
  return (KINDS.find(([value]) => value === kind) || KINDS.at(-1))[1];
}

/** The label of an interview's outcome ("Passed"). */
export function outcomeLabel(outcome) {
  return (OUTCOMES.find(([value]) => value === outcome) || OUTCOMES[0])[1];
}

function interviewFields(interview) {
  const fields = [
    field({
      name: 'scheduled_at',
      label: 'When',
      type: 'datetime-local',
      required: true,
      value: inputValue(interview?.scheduled_at),
      hint: `In your time zone, ${accountZone()}.`,
    }),
    field({
      name: 'duration_minutes',
      label: 'Length in minutes',
      type: 'number',
      min: 5,
      max: 1440,
      value: interview?.duration_minutes ?? 60,
    }),
    field({
      name: 'kind',
      label: 'Kind',
      type: 'select',
      options: KINDS.map(([value, label]) => ({ value, label })),
      value: interview?.kind ?? 'video',
    }),
    field({
      name: 'location',
      label: 'Where or link',
      maxlength: 2048,
      value: interview?.location,
      placeholder: 'An address or a meeting link',
    }),
    field({
      name: 'interviewers',
      label: 'With',
      className: 'span-2',
      value: interview?.interviewers.join(', '),
      hint: 'Names, separated by commas.',
    }),
    field({
      name: 'notes',
      label: 'Notes',
      type: 'textarea',
      className: 'span-2',
      maxlength: 10000,
      value: interview?.notes,
    }),
  ];
  if (interview) {
    fields.push(
      field({
        name: 'outcome',
        label: 'Outcome',
        type: 'select',
        options: OUTCOMES.map(([value, label]) => ({ value, label })),
        value: interview.outcome,
      }),
      field({
        name: 'feedback',
        label: 'Feedback',
        type: 'textarea',
        className: 'span-2',
        maxlength: 10000,
        value: interview.feedback,
      }),
    );
  }
  return fields;
}

function bodyOf(form, blank) {
  const values = formValues(form, { blank, numbers: NUMBERS });
  values.scheduled_at = instantOf(values.scheduled_at);
  values.interviewers = (form.elements.interviewers.value || '')
    .split(',')
    .map((name) => name.trim())
    .filter(Boolean);
  return values;
}

/** Schedule an interview of `applicationId`, or change `interview`; then `onSaved()`. */
export function openInterviewDialog({ applicationId, interview = null, onSaved }) {
  const form = formEl({
    className: 'form form-grid',
    fields: interviewFields(interview),
    submitLabel: interview ? 'Save interview' : 'Schedule interview',
  });
  const dialog = openDialog(interview ? 'Edit interview' : 'Schedule an interview', [
    interview ? null : h('p', { class: 'muted' }, 'It also appears on your agenda and calendar.'),
    form,
  ]);
  onSubmit(form, async () => {
    if (interview) await api.put(`/api/interviews/${interview.id}`, bodyOf(form, null));
    else await api.post(`/api/applications/${applicationId}/interviews`, bodyOf(form));
    dialog.close();
    toast(interview ? 'Interview saved.' : 'Interview scheduled.');
    onSaved?.();
  });
  return dialog;
}
