// The match score as a half-circle SVG gauge.

import { h, svg } from './dom.js';

const RADIUS = 80;
const CENTER_X = 100;
const CENTER_Y = 100;

function point(fraction) {
  const angle = Math.PI * (1 - fraction);
  return [CENTER_X + RADIUS * Math.cos(angle), CENTER_Y - RADIUS * Math.sin(angle)];
}

function arc(from, to) {
  const [x1, y1] = point(from);
  const [x2, y2] = point(to);
  return `M ${x1.toFixed(2)} ${y1.toFixed(2)} A ${RADIUS} ${RADIUS} 0 0 1 ${x2.toFixed(2)} ${y2.toFixed(2)}`;
}

/** The band a score falls in: its class and a word for it. */
export function scoreBand(score) {
  if (score >= 75) return { className: 'band-good', label: 'Strong match' };
  if (score >= 50) return { className: 'band-fair', label: 'Partial match' };
  return { className: 'band-low', label: 'Weak match' };
}

/** A gauge for a 0-100 score, with the number and its band in words. */
export function gauge(score) {
  const value = Math.max(0, Math.min(100, Math.round(score)));
  const band = scoreBand(value);
  const drawing = svg(
    'svg',
    {
      class: 'gauge-svg',
      viewBox: '0 0 200 118',
      role: 'img',
      'aria-label': `Match score ${value} out of 100: ${band.label.toLowerCase()}`,
    },
    svg('path', { class: 'gauge-track', d: arc(0, 1) }),
    value > 0 ? svg('path', { class: 'gauge-value', d: arc(0, value / 100) }) : null,
    svg(
      'text',
      { class: 'gauge-number', x: CENTER_X, y: CENTER_Y - 14, 'text-anchor': 'middle' },
      String(value),
    ),
    svg(
      'text',
      { class: 'gauge-scale', x: CENTER_X, y: CENTER_Y + 8, 'text-anchor': 'middle' },
      'out of 100',
    ),
    svg(
      'text',
      { class: 'gauge-scale', x: CENTER_X - RADIUS, y: CENTER_Y + 16, 'text-anchor': 'middle' },
      '0',
    ),
    svg(
      'text',
      { class: 'gauge-scale', x: CENTER_X + RADIUS, y: CENTER_Y + 16, 'text-anchor': 'middle' },
      '100',
    ),
  );
  return h(
    'div',
    { class: ['gauge', band.className], dataset: { score: value } },
    drawing,
    h('p', { class: 'gauge-band' }, band.label),
  );
}
