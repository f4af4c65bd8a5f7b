// The notes panel of an application page: a timestamped log, newest first, written in
// markdown (rendered by markdown.js, never as HTML), each note optionally naming a contact.

import { api, fetchAll } from '../api.js';
import { formatDateTime, h, timeEl } from '../dom.js';
import { field, formEl, formValues, onSubmit } from '../forms.js';
import { renderMarkdown } from '../markdown.js';
import { busy, confirmDialog, errorAlert, openDialog, toast } from '../ui.js';

const NUMBERS = ['contact_id'];
const HINT = 'Markdown: **bold**, *italic*, `code`, - lists, [links](https://…).';

function noteFields(contacts, note = null) {
  return [
    field({
      name: 'body',
      label: 'Note',
      type: 'textarea',
      required: true,
      className: 'span-2',
      maxlength: 20000,
      value: note?.body,
      hint: HINT,
    }),
    field({
      name: 'contact_id',
      label: 'Who it was with',
      type: 'select',
      className: 'span-2',
      options: [
        { value: '', label: 'Nobody in particular' },
        ...contacts.map((contact) => ({ value: contact.id, label: contact.name })),
      ],
      value: note?.contact_id ?? '',
    }),
  ];
}

function openEditDialog(note, contacts, onSaved) {
  const form = formEl({
    className: 'form form-grid',
    fields: noteFields(contacts, note),
    submitLabel: 'Save note',
  });
  const dialog = openDialog('Edit note', form);
  onSubmit(form, async () => {
    await api.put(`/api/notes/${note.id}`, formValues(form, { blank: null, numbers: NUMBERS }));
    dialog.close();
    toast('Note saved.');
    onSaved();
  });
}

function noteItem(note, contacts, reload) {
  const contact = contacts.find((candidate) => candidate.id === note.contact_id);
  const remove = h(
    'button',
    {
      type: 'button',
      class: 'btn btn-small btn-ghost',
      'aria-label': `Delete the note of ${formatDateTime(note.created_at)}`,
      onClick: async () => {
        if (!(await confirmDialog('Delete this note?', 'The note is deleted for good.'))) return;
        await busy(remove, async () => {
          try {
            await api.del(`/api/notes/${note.id}`);
            toast('Note deleted.');
            reload();
          } catch (error) {
            toast(error.message, { error: true });
          }
        });
      },
    },
    'Delete',
  );
  return h(
    'li',
    { class: 'note', dataset: { noteId: note.id } },
    h(
      'div',
      { class: 'note-header' },
      h(
        'p',
        { class: 'note-meta' },
        timeEl(note.created_at),
        contact ? [' · with ', h('strong', { class: 'note-contact' }, contact.name)] : null,
      ),
      h(
        'div',
        { class: 'note-actions' },
        h(
          'button',
          {
            type: 'button',
            class: 'btn btn-small btn-ghost',
            'aria-label': `Edit the note of ${formatDateTime(note.created_at)}`,
            onClick: () => openEditDialog(note, contacts, reload),
          },
          'Edit',
        ),
        remove,
      ),
    ),
    renderMarkdown(note.body),
  );
}

/** The notes panel of `application`: it loads the notes and the person's contacts itself. */
export function notesPanel(application) {
  const path = `/api/applications/${application.id}/notes`;
  const list = h('div', { 'aria-live': 'polite' }, h('p', { class: 'muted' }, 'Loading notes…'));
  const form = h('div');

  async function load() {
    try {
      const [notes, contacts] = await Promise.all([fetchAll(path), fetchAll('/api/contacts')]);
      const linked = new Set(application.contacts.map((link) => link.contact.id));
      // The application's own contacts first, then the rest of the address book.
      const ordered = [
        ...contacts.filter((contact) => linked.has(contact.id)),
        ...contacts.filter((contact) => !linked.has(contact.id)),
      ];
      const newNote = formEl({
        className: 'form form-grid note-form',
        fields: noteFields(ordered),
        submitLabel: 'Add note',
      });
      onSubmit(newNote, async () => {
        await api.post(path, formValues(newNote, { numbers: NUMBERS }));
        toast('Note added.');
        load();
      });
      form.replaceChildren(newNote);
      list.replaceChildren(
        notes.length
          ? h(
              'ol',
              { class: 'notes', 'aria-label': 'Notes, newest first' },
              notes.map((note) => noteItem(note, contacts, load)),
            )
          : h('p', { class: 'muted' }, 'No notes yet: log each call, email and interview here.'),
      );
    } catch (error) {
      list.replaceChildren(errorAlert(error));
    }
  }

  load();
  return h(
    'section',
    { class: 'card panel', 'aria-labelledby': 'log-title' },
    h('h2', { id: 'log-title', class: 'panel-title' }, 'Log'),
    form,
    list,
  );
}
