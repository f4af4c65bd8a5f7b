// The task dialog (add or edit a follow-up task), shared by the application page and the
// agenda, and the "done" checkbox of a task. Due times are typed in the account's zone.

import { api } from '../api.js';
import { h } from '../dom.js';
import { field, formEl, formValues, onSubmit } from '../forms.js';
import { openDialog, toast } from '../ui.js';
import { accountZone, addDays, inputValue, instantOf, todayInZone } from '../zoned.js';

function taskFields(task) {
  return [
    field({
      name: 'title',
      label: 'What to do',
      required: true,
      className: 'span-2',
      maxlength: 200,
      value: task?.title,
      placeholder: 'e.g. Send a thank-you email',
    }),
    field({
      name: 'due_at',
      label: 'Due',
      type: 'datetime-local',
      required: true,
      value: task ? inputValue(task.due_at) : `${addDays(todayInZone(), 1)}T09:00`,
      hint: `In your time zone, ${accountZone()}.`,
    }),
    field({
      name: 'notes',
      label: 'Notes',
      type: 'textarea',
      className: 'span-2',
      maxlength: 10000,
      value: task?.notes,
    }),
  ];
}

/** Add a task to `applicationId`, or change `task`; then `onSaved()`. */
export function openTaskDialog({ applicationId, task = null, onSaved }) {
  const form = formEl({
    className: 'form form-grid',
    fields: taskFields(task),
    submitLabel: task ? 'Save task' : 'Add task',
  });
  const dialog = openDialog(task ? 'Edit task' : 'Add a task', form);
  onSubmit(form, async () => {
    const body = formValues(form, { blank: task ? null : undefined });
    body.due_at = instantOf(body.due_at);
    if (task) await api.put(`/api/tasks/${task.id}`, body);
    else await api.post(`/api/applications/${applicationId}/tasks`, body);
    dialog.close();
    toast(task ? 'Task saved.' : 'Task added.');
    onSaved?.();
  });
  return dialog;
}

/** A checkbox that marks `task` done (or open again), then calls `onChanged(saved)`. */
export function doneCheckbox(task, onChanged) {
  const box = h('input', {
    type: 'checkbox',
    class: 'task-done',
    checked: task.done,
    'aria-label': `Done: ${task.title}`,
  });
  box.addEventListener('change', async () => {
    box.disabled = true;
    try {
      const saved = await api.put(`/api/tasks/${task.id}`, { done: box.checked });
      toast(saved.done ? `Done: ${saved.title}.` : `Open again: ${saved.title}.`);
      onChanged?.(saved);
    } catch (error) {
      box.checked = !box.checked;
      toast(error.message, { error: true });
    } finally {
      box.disabled = false;
    }
  });
  return box;
}
