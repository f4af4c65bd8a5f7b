// #/dashboard: pipeline numbers from GET /api/applications/stats, drawn as charts.

import { api } from '../api.js';
import { barChart, columnChart, ringChart } from '../charts.js';
import { h, parseDay, plural } from '../dom.js';
import { field } from '../forms.js';
import { setQuery } from '../router.js';
import { emptyState, pageHeader, statTile } from '../ui.js';
import { waitsPanel } from './waits.js';

const WEEK_CHOICES = [
  [12, 'Last 12 weeks'],
  [26, 'Last 26 weeks'],
  [52, 'Last 52 weeks'],
];
const shortDay = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short' });

function tiles(stats) {
  const rate = stats.response_rate === null ? '—' : `${Math.round(stats.response_rate * 100)}%`;
  const median = stats.median_days_to_first_change;
  return h(
    'div',
    { class: 'stat-tiles' },
    statTile(
      'Applications',
      String(stats.total),
      `${stats.sent} sent, ${stats.total - stats.sent} on the wishlist`,
    ),
    statTile(
      'Response rate',
      rate,
      stats.sent
        ? `${stats.responded} of ${plural(stats.sent, 'sent application')} answered`
        : 'Nothing sent yet',
    ),
    statTile('Offers', String(stats.offers), stats.offers ? 'Well done!' : 'Keep going'),
    statTile(
      'Days to first answer',
      median === null ? '—' : String(Math.round(median)),
      'Median, from applying to the first status change',
    ),
  );
}

function weeksControl(weeks, onChange) {
  const wrapper = field({
    name: 'weeks',
    markOptional: false,
    label: 'Period',
    type: 'select',
    value: weeks,
    options: WEEK_CHOICES.map(([value, label]) => ({ value, label })),
  });
  wrapper
    .querySelector('select')
    .addEventListener('change', (event) => onChange(Number(event.target.value)));
  return wrapper;
}

function charts(stats, weeks) {
  const statusItems = stats.by_status.map((status) => ({
    label: status.name,
    value: status.count,
    className: `status-${status.id}`,
  }));
  const weekItems = stats.per_week.map((week) => {
    const start = parseDay(week.week_start);
    return {
      label: `Week of ${shortDay.format(start)}`,
      shortLabel: shortDay.format(start),
      value: week.count,
    };
  });
  return h(
    'div',
    { class: 'dashboard-grid' },
    h(
      'section',
      { class: 'card panel chart-panel span-2-desktop' },
      barChart('Applications by status', statusItems),
    ),
    h(
      'section',
      { class: 'card panel chart-panel' },
      ringChart('Response rate', stats.responded, stats.sent, {
        caption:
          'Share of sent applications that got an answer: an interview, an offer or a rejection.',
      }),
      h(
        'dl',
        { class: 'ring-legend' },
        [
          ['Sent', stats.sent],
          ['Answered', stats.responded],
          ['Offers', stats.offers],
        ].map(([term, value]) => h('div', {}, h('dt', {}, term), h('dd', {}, String(value)))),
      ),
    ),
    h(
      'section',
      { class: 'card panel chart-panel span-3-desktop' },
      columnChart(`Applications sent per week (${weeks} weeks)`, weekItems),
    ),
    responsePanel(stats),
    waitsPanel(),
  );
}

/** Bars of the response rate (%) of groups of sent applications, labelled with their size. */
function rateBars(title, groups, label) {
  const items = groups.map((group) => ({
    label: `${label(group)} (${group.applications})`,
    value: group.response_rate === null ? 0 : Math.round(group.response_rate * 100),
  }));
  return barChart(title, items, { unit: '%' });
}

/** Does the match score predict answers? Response rates by score band, resume and source. */
function responsePanel(stats) {
  const scored = stats.by_score_band.some((band) => band.applications > 0);
  return h(
    'section',
    { class: 'card panel chart-panel span-3-desktop response-panel' },
    h('h2', { class: 'panel-title' }, 'What gets answers'),
    h(
      'p',
      { class: 'chart-note' },
      'Response rate of sent applications, by the match score of the resume you sent, by resume and by source.',
    ),
    h(
      'div',
      { class: 'response-charts' },
      scored
        ? rateBars('By match score', stats.by_score_band, (band) => band.band)
        : h('p', { class: 'muted' }, 'No scored application yet: send one with a resume.'),
      stats.by_resume.length
        ? rateBars('By resume', stats.by_resume, (group) => group.name ?? 'No resume')
        : null,
      stats.by_source.length
        ? rateBars('By source', stats.by_source, (group) => group.source ?? 'Not recorded')
        : null,
    ),
  );
}

/** #/dashboard */
export async function renderDashboard(ctx) {
  ctx.title('Dashboard');
  let weeks = WEEK_CHOICES.some(([value]) => value === Number(ctx.query.weeks))
    ? Number(ctx.query.weeks)
    : 12;
  const body = h('div', { 'aria-live': 'polite' });

  async function load() {
    const stats = await api.get('/api/applications/stats', { weeks });
    if (ctx.signal.aborted) return;
    if (stats.total === 0) {
      body.replaceChildren(
        emptyState({
          iconName: 'chart',
          title: 'Nothing to chart yet',
          text: 'Your pipeline numbers appear here once you record applications: how many per status, how many you send each week, and how often employers answer.',
          actions: [h('a', { class: 'btn btn-primary', href: '#/board' }, 'Go to your board')],
        }),
      );
      return;
    }
    body.replaceChildren(tiles(stats), charts(stats, weeks));
  }

  await load();
  ctx.mount(
    pageHeader('Dashboard', {
      subtitle: 'How your search is going.',
      actions: [
        weeksControl(weeks, async (value) => {
          weeks = value;
          setQuery({ weeks });
          await load();
        }),
      ],
    }),
    body,
  );
}
