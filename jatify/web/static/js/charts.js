// Small SVG charts drawn by hand: horizontal bars, weekly columns and a ratio ring.
// Each chart is a <figure> whose SVG is decorative; the same numbers sit in a
// visually hidden table for screen readers.

import { h, svg } from './dom.js';

function dataTable(caption, headers, rows) {
  // The wrapper hides the table: a table box itself ignores the 1px size of .sr-only.
  return h(
    'div',
    { class: 'sr-only' },
    h(
      'table',
      {},
      h('caption', {}, caption),
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          headers.map((text) => h('th', { scope: 'col' }, text)),
        ),
      ),
      h(
        'tbody',
        {},
        rows.map((cells) =>
          h(
            'tr',
            {},
            cells.map((text) => h('td', {}, String(text))),
          ),
        ),
      ),
    ),
  );
}

function figure(title, drawing, table) {
  return h(
    'figure',
    { class: 'chart' },
    h('figcaption', { class: 'chart-title' }, title),
    drawing,
    table,
  );
}

/**
 * A box holding `draw(widthPx)`'s SVG, drawn again whenever the box changes width, so
 * text keeps its real size on a phone and on a wide screen (no scaled viewBox).
 */
function responsive(draw, fallbackWidth) {
  const box = h('div', { class: 'chart-box' }, draw(fallbackWidth));
  let drawnWidth = 0;
  new ResizeObserver(([entry]) => {
    const width = Math.floor(entry.contentRect.width);
    if (width > 0 && width !== drawnWidth) {
      drawnWidth = width;
      box.replaceChildren(draw(width));
    }
  }).observe(box);
  return box;
}

/** The drawing of a bar or column chart (hidden from screen readers: the table says it). */
function chartSvg(width, height, ...children) {
  return svg(
    'svg',
    { class: 'chart-svg', width, height, viewBox: `0 0 ${width} ${height}`, 'aria-hidden': 'true' },
    ...children,
  );
}

/** A step for the value axis: 1, 2, 5, 10, 20, 50… giving at most ~5 gridlines. */
function niceStep(max) {
  const rough = Math.max(max, 1) / 4;
  const magnitude = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 5, 10].map((m) => m * magnitude).find((s) => s >= rough);
  return Math.max(1, step);
}

/** Horizontal bars: items [{label, value, className}]. */
export function barChart(title, items, { unit = '' } = {}) {
  const rowHeight = 30;
  const max = Math.max(1, ...items.map((item) => item.value));
  const height = items.length * rowHeight + 6;
  const draw = (width) => {
    const labelWidth = Math.min(140, Math.round(width * 0.38));
    const barSpace = Math.max(20, width - labelWidth - 40);
    const rows = items.map((item, index) => {
      const y = index * rowHeight + 4;
      const barWidth = item.value ? Math.max(3, (item.value / max) * barSpace) : 0;
      return svg(
        'g',
        { class: ['bar-row', item.className] },
        svg(
          'text',
          { class: 'chart-label', x: labelWidth - 10, y: y + 16, 'text-anchor': 'end' },
          item.label,
        ),
        svg('rect', {
          class: 'bar-track',
          x: labelWidth,
          y: y + 3,
          width: barSpace,
          height: rowHeight - 12,
          rx: 4,
        }),
        barWidth
          ? svg('rect', {
              class: 'bar',
              x: labelWidth,
              y: y + 3,
              width: barWidth.toFixed(1),
              height: rowHeight - 12,
              rx: 4,
            })
          : null,
        svg(
          'text',
          { class: 'chart-value', x: labelWidth + barWidth + 6, y: y + 16 },
          `${item.value}${unit}`,
        ),
      );
    });
    return chartSvg(width, height, rows);
  };
  return figure(
    title,
    responsive(draw, 440),
    dataTable(
      title,
      ['Label', 'Value'],
      items.map((item) => [item.label, item.value]),
    ),
  );
}

/** Vertical columns over time: items [{label, shortLabel, value}], oldest first. */
export function columnChart(title, items) {
  const height = 200;
  const left = 30;
  const bottom = 26;
  const top = 10;
  const plotHeight = height - bottom - top;
  const max = Math.max(1, ...items.map((item) => item.value));
  const step = niceStep(max);
  const axisMax = Math.ceil(max / step) * step;
  const draw = (width) => {
    const slot = (width - left) / Math.max(items.length, 1);
    const labelEvery = Math.max(1, Math.ceil(56 / slot));
    const grid = [];
    for (let value = 0; value <= axisMax; value += step) {
      const y = top + plotHeight - (value / axisMax) * plotHeight;
      grid.push(
        svg('line', { class: 'grid-line', x1: left, x2: width, y1: y, y2: y }),
        svg(
          'text',
          { class: 'chart-axis', x: left - 6, y: y + 4, 'text-anchor': 'end' },
          String(value),
        ),
      );
    }
    const columns = items.map((item, index) => {
      const barHeight = (item.value / axisMax) * plotHeight;
      const barWidth = Math.min(slot * 0.64, 44);
      const x = left + index * slot + (slot - barWidth) / 2;
      const fromEnd = items.length - 1 - index;
      return svg(
        'g',
        { class: 'column' },
        item.value
          ? svg('rect', {
              class: 'column-bar',
              x: x.toFixed(1),
              y: (top + plotHeight - barHeight).toFixed(1),
              width: barWidth.toFixed(1),
              height: barHeight.toFixed(1),
              rx: 3,
            })
          : null,
        fromEnd % labelEvery === 0
          ? svg(
              'text',
              {
                class: 'chart-axis',
                x: (x + barWidth / 2).toFixed(1),
                y: height - 8,
                'text-anchor': 'middle',
              },
              item.shortLabel,
            )
          : null,
      );
    });
    return chartSvg(width, height, grid, columns);
  };
  return figure(
    title,
    responsive(draw, 480),
    dataTable(
      title,
      ['Week', 'Applications'],
      items.map((item) => [item.label, item.value]),
    ),
  );
}

/** A ring showing `part` of `whole` as a percentage (null whole → "no data yet"). */
export function ringChart(title, part, whole, { caption } = {}) {
  const radius = 52;
  const circumference = 2 * Math.PI * radius;
  const ratio = whole ? part / whole : null;
  const percent = ratio === null ? '—' : `${Math.round(ratio * 100)}%`;
  const drawing = svg(
    'svg',
    { class: 'chart-svg ring-svg', viewBox: '0 0 140 140', 'aria-hidden': 'true' },
    svg('circle', { class: 'ring-track', cx: 70, cy: 70, r: radius }),
    ratio
      ? svg('circle', {
          class: 'ring-value',
          cx: 70,
          cy: 70,
          r: radius,
          'stroke-dasharray': `${(ratio * circumference).toFixed(2)} ${circumference.toFixed(2)}`,
          transform: 'rotate(-90 70 70)',
        })
      : null,
    svg('text', { class: 'ring-number', x: 70, y: 76, 'text-anchor': 'middle' }, percent),
  );
  const table = dataTable(
    title,
    ['Measure', 'Value'],
    [
      [title, percent],
      ['Answered', part],
      ['Out of', whole],
    ],
  );
  const result = figure(title, drawing, table);
  if (caption) result.append(h('p', { class: 'chart-note' }, caption));
  return result;
}
