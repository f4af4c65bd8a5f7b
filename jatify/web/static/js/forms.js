// Labelled form fields, reading their values, and showing the API's field errors
// next to the fields they belong to.

import { h, uid } from './dom.js';
import { errorAlert } from './ui.js';

/**
 * A labelled field. `type` is an input type, 'select' (with `options` [{value, label}])
 * or 'textarea'. The hint and the error slot are tied to the control by aria-describedby.
 * Optional fields say so in their label unless `markOptional` is false (filters).
 */
export function field({
  name,
  label,
  type = 'text',
  value,
  required = false,
  hint,
  options = [],
  className,
  markOptional = true,
  ...attrs
}) {
  const id = uid(`field-${name}`);
  const hintId = hint ? `${id}-hint` : null;
  const errorId = `${id}-error`;
  const common = {
    id,
    name,
    required,
    'aria-describedby': [hintId, errorId].filter(Boolean).join(' '),
    ...attrs,
  };
  let control;
  if (type === 'select') {
    control = h(
      'select',
      common,
      options.map((option) => h('option', { value: option.value }, option.label)),
    );
    if (value !== undefined && value !== null) control.value = String(value);
  } else if (type === 'textarea') {
    control = h('textarea', common);
    control.value = value ?? '';
  } else {
    control = h('input', { type, ...common, value: value ?? undefined });
  }
  return h(
    'div',
    { class: ['field', className], dataset: { field: name } },
    h(
      'label',
      { for: id },
      label,
      required || !markOptional ? null : h('span', { class: 'optional' }, ' (optional)'),
    ),
    control,
    hint ? h('p', { class: 'hint', id: hintId }, hint) : null,
    h('p', { class: 'field-error', id: errorId, hidden: true }),
  );
}

/**
 * The form's named values. Blank optional fields become `blank` (undefined: left out;
 * null: cleared on an update). Fields named in `numbers` are sent as integers.
 */
export function formValues(form, { blank, numbers = [] } = {}) {
  const values = {};
  for (const control of form.elements) {
    if (!control.name || control.type === 'file' || control.type === 'submit') continue;
    const raw = control.type === 'password' ? control.value : control.value.trim();
    if (raw === '') {
      if (blank !== undefined) values[control.name] = blank;
      else if (control.required) values[control.name] = '';
      continue;
    }
    values[control.name] = numbers.includes(control.name) ? Number(raw) : raw;
  }
  return values;
}

/** Remove the error messages a previous submit left. */
export function clearErrors(form) {
  form.querySelector('.form-alert')?.replaceChildren();
  for (const slot of form.querySelectorAll('.field-error')) {
    slot.hidden = true;
    slot.textContent = '';
  }
  for (const control of form.querySelectorAll('[aria-invalid]'))
    control.removeAttribute('aria-invalid');
}

/** Show an error: field details next to their fields, the message at the top of the form. */
export function showErrors(form, error) {
  const alert = form.querySelector('.form-alert');
  const unplaced = {};
  let firstInvalid = null;
  for (const [key, messages] of Object.entries(error?.details || {})) {
    const wrapper = form.querySelector(`[data-field="${CSS.escape(key)}"]`);
    if (!wrapper) {
      unplaced[key] = messages;
      continue;
    }
    const slot = wrapper.querySelector('.field-error');
    slot.textContent = [messages].flat(Infinity).join(' ');
    slot.hidden = false;
    const control = wrapper.querySelector('input, select, textarea');
    control?.setAttribute('aria-invalid', 'true');
    firstInvalid ??= control;
  }
  const rest = Object.keys(unplaced).length ? unplaced : null;
  alert?.replaceChildren(errorAlert({ ...error, message: error?.message, details: rest }));
  (firstInvalid || alert)?.focus();
}

/** Flag required fields left blank; true when there were none. */
function checkRequired(form) {
  const details = {};
  for (const control of form.elements) {
    if (control.required && control.name && !control.value.trim()) {
      details[control.name] = ['This field is required.'];
    }
  }
  if (!Object.keys(details).length) return true;
  showErrors(form, { message: 'Some required fields are empty.', details });
  return false;
}

/** A form with an error slot on top, fields and a submit row. */
export function formEl({ fields, submitLabel, extraActions = [], className = 'form' }) {
  return h(
    'form',
    { class: className, novalidate: true },
    h('div', { class: 'form-alert span-2', tabindex: '-1' }),
    fields,
    h(
      'div',
      { class: 'form-actions span-2' },
      extraActions,
      h('button', { type: 'submit', class: 'btn btn-primary' }, submitLabel),
    ),
  );
}

/**
 * Run `submit(form)` on submit: the button shows it is busy, and any error is shown on
 * the form (field details next to their fields) instead of being lost.
 */
export function onSubmit(form, submit) {
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const button = form.querySelector('[type="submit"]');
    clearErrors(form);
    if (!checkRequired(form)) return;
    button.disabled = true;
    button.setAttribute('aria-busy', 'true');
    try {
      await submit(form);
    } catch (error) {
      showErrors(form, error);
    } finally {
      button.disabled = false;
      button.removeAttribute('aria-busy');
    }
  });
  return form;
}
