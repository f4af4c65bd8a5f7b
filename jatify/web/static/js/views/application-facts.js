// Small pieces that show an application's tags, source and match score, shared by the
// board, the table and the application page.

import { h } from '../dom.js';

/** Tags typed comma-separated, as the API takes them (it trims, lower-cases, dedupes). */
export function parseTags(text) {
  return String(text ?? '')
    .split(',')
    .map((tag) => tag.trim())
    .filter(Boolean);
}

/** The tags as small chips. */
export function tagChips(tags) {
  return h(
    'ul',
    { class: 'chips tag-chips', 'aria-label': 'Tags' },
    tags.map((tag) => h('li', { class: 'chip tag-chip' }, tag)),
  );
}

/** "Match 81" when the application's analysis is done, else null. */
export function scoreBadge(application) {
  const analysis = application.analysis;
  if (analysis?.status !== 'done' || analysis.score === null) return null;
  return h(
    'span',
    { class: 'score-pill', title: 'Match score of its resume against the job listing' },
    `Match ${analysis.score}`,
  );
}

/** A link to the application's analysis (score, or its state), or null without one. */
export function analysisLink(application) {
  const analysis = application.analysis;
  if (!analysis) return null;
  const text =
    analysis.status === 'done'
      ? `${analysis.score}/100`
      : { pending: 'Waiting to run', processing: 'Running…', failed: 'Failed' }[analysis.status];
  return h('a', { href: `#/analyses/${analysis.id}` }, text, ' · read the analysis');
}

/**
 * Toggle buttons, one per tag in use (`tags`: [{name, count}]), filtering a view by every
 * tag pressed; `onChange(tags)` gets the new selection. Null when no tag is in use.
 */
export function tagFilter(tags, selected, onChange) {
  const chosen = new Set(selected);
  const names = [...new Set([...tags.map((tag) => tag.name), ...selected])];
  if (!names.length) return null;
  const counts = new Map(tags.map((tag) => [tag.name, tag.count]));
  const toggle = (name) => {
    if (chosen.has(name)) chosen.delete(name);
    else chosen.add(name);
    onChange([...chosen]);
  };
  return h(
    'div',
    { class: 'tag-filter', role: 'group', 'aria-label': 'Show only applications tagged' },
    h('span', { class: 'tag-filter-label', 'aria-hidden': 'true' }, 'Tags:'),
    names.map((name) =>
      h(
        'button',
        {
          type: 'button',
          class: 'tag-toggle',
          'aria-pressed': String(chosen.has(name)),
          onClick: () => toggle(name),
        },
        name,
        h('span', { class: 'tag-count' }, ` ${counts.get(name) ?? 0}`),
      ),
    ),
    chosen.size
      ? h('button', { type: 'button', class: 'btn btn-small btn-ghost', onClick: () => onChange([]) }, 'Show all')
      : null,
  );
}
