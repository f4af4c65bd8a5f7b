// #/board: one column per status; drag a card or use its "Move to…" menu to change status.

import { api, fetchAll, getStatuses } from '../api.js';
import { formatDate, h, plural } from '../dom.js';
import { navigate } from '../router.js';
import { emptyState, pageHeader, toast } from '../ui.js';
import { parseTags, scoreBadge, tagChips, tagFilter } from './application-facts.js';
import { openApplicationDialog } from './application-form.js';
import { followUpBadge } from './follow-up.js';
import { moveApplication, moveMenu } from './move-menu.js';

function boardHeader(total, ctx) {
  return pageHeader('Board', {
    subtitle: total
      ? `${plural(total, 'application')}. Drag a card to another column, or use its “Move to…” menu.`
      : 'Your applications, one column per status.',
    actions: [
      h('a', { class: 'btn', href: '#/applications' }, 'Table view'),
      h(
        'button',
        {
          type: 'button',
          class: 'btn btn-primary',
          onClick: () => openApplicationDialog({ onSaved: () => ctx.reload() }),
        },
        'Add application',
      ),
    ],
  });
}

function emptyBoard(hasJobs, ctx) {
  if (!hasJobs) {
    return emptyState({
      iconName: 'briefcase',
      title: 'No applications yet: add a job listing first',
      text: 'Save a job you want (company, position and the posting’s text). Then record your application and follow it here, from Wishlist to Offer.',
      actions: [h('a', { class: 'btn btn-primary', href: '#/jobs?new=1' }, 'Add a job listing')],
    });
  }
  return emptyState({
    iconName: 'board',
    title: 'No applications yet',
    text: 'You have job listings saved. Record an application to one of them and it appears in its status column here.',
    actions: [
      h(
        'button',
        {
          type: 'button',
          class: 'btn btn-primary',
          onClick: () => openApplicationDialog({ onSaved: () => ctx.reload() }),
        },
        'Add application',
      ),
    ],
  });
}

class Board {
  constructor(statuses, applications) {
    this.statuses = statuses;
    this.columns = new Map();
    this.cards = new Map();
    this.live = h('p', { class: 'sr-only', 'aria-live': 'polite' });
    this.element = h(
      'ul',
      { class: 'board', 'aria-label': 'Applications by status' },
      statuses.map((status) => h('li', { class: 'board-lane' }, this.column(status))),
    );
    for (const application of applications) this.place(application);
    this.updateCounts();
  }

  column(status) {
    const list = h('ul', { class: 'board-cards', 'aria-label': status.name });
    const count = h('span', { class: 'count' }, '0');
    const section = h(
      'section',
      { class: `board-column status-${status.id}`, dataset: { statusId: status.id } },
      h('h2', { class: 'board-column-title' }, h('span', {}, status.name), count),
      list,
      h('p', { class: 'board-empty' }, 'Drop a card here'),
    );
    section.addEventListener('dragover', (event) => {
      event.preventDefault();
      event.dataTransfer.dropEffect = 'move';
      section.classList.add('drop-target');
    });
    section.addEventListener('dragleave', (event) => {
      if (!section.contains(event.relatedTarget)) section.classList.remove('drop-target');
    });
    section.addEventListener('drop', (event) => {
      event.preventDefault();
      section.classList.remove('drop-target');
      const card = this.cards.get(Number(event.dataTransfer.getData('text/plain')));
      if (card) this.move(card.application, status);
    });
    this.columns.set(status.id, { section, list, count });
    return section;
  }

  card(application) {
    const job = application.job;
    const card = h(
      'li',
      { class: 'board-card card', draggable: 'true', dataset: { applicationId: application.id } },
      h('a', { class: 'board-card-title', href: `#/applications/${application.id}` }, job.company),
      h('p', { class: 'board-card-position' }, job.position),
      application.tags.length ? tagChips(application.tags) : null,
      h(
        'div',
        { class: 'board-card-footer' },
        h(
          'p',
          { class: 'board-card-meta' },
          application.applied_at ? formatDate(application.applied_at) : 'Not applied yet',
          scoreBadge(application),
          followUpBadge(application),
          application.resume
            ? h(
                'span',
                { class: 'board-card-resume', title: application.resume.name },
                application.resume.name,
              )
            : null,
        ),
        moveMenu(application, this.statuses, (status, note) =>
          this.move(application, status, note),
        ),
      ),
    );
    card.addEventListener('dragstart', (event) => {
      event.dataTransfer.setData('text/plain', String(application.id));
      event.dataTransfer.effectAllowed = 'move';
      card.classList.add('dragging');
    });
    card.addEventListener('dragend', () => card.classList.remove('dragging'));
    return card;
  }

  place(application) {
    const previous = this.cards.get(application.id);
    const element = this.card(application);
    if (previous) previous.element.replaceWith(element);
    this.columns.get(application.status.id)?.list.prepend(element);
    this.cards.set(application.id, { application, element });
  }

  updateCounts() {
    for (const { section, list, count } of this.columns.values()) {
      const size = list.children.length;
      count.textContent = String(size);
      section.classList.toggle('is-empty', size === 0);
    }
  }

  async move(application, status, note = '') {
    if (application.status.id === status.id) return;
    const before = application;
    this.place({ ...application, status });
    this.updateCounts();
    try {
      const saved = await moveApplication(application, status, note);
      this.place(saved);
      this.updateCounts();
      this.live.textContent = `${saved.job.company} moved to ${status.name}.`;
      toast(`${saved.job.company} moved to ${status.name}.`, {
        link: { href: `#/applications/${saved.id}`, text: 'See history' },
      });
      this.cards.get(saved.id)?.element.querySelector('summary').focus();
    } catch (error) {
      this.place(before);
      this.updateCounts();
      toast(`Could not move ${application.job.company}: ${error.message}`, { error: true });
    }
  }
}

/** #/board */
export async function renderBoard(ctx) {
  ctx.title('Board');
  // #/board?tags=remote,python shows the applications carrying every tag named.
  const selected = parseTags(ctx.query.tags);
  const [statuses, applications, jobs, tags] = await Promise.all([
    getStatuses(),
    fetchAll('/api/applications', { sort: 'updated_at', tag: selected }),
    api.get('/api/jobs', { page_size: 1 }),
    api.get('/api/tags'),
  ]);
  const filter = tagFilter(tags.items, selected, (next) =>
    navigate('/board', { tags: next.join(',') }),
  );
  if (applications.length === 0 && !selected.length) {
    ctx.mount(boardHeader(0, ctx), emptyBoard(jobs.total > 0, ctx));
    return;
  }
  const board = new Board(statuses, applications);
  ctx.mount(boardHeader(applications.length, ctx), filter ?? [], board.element, board.live);
}
