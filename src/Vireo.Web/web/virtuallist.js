// A long table body that draws only the rows in view (plus a margin) between two spacer rows, so 500 or 5000 guests
// cost the DOM and the paint of about forty. Rows must all be one height (the CSS fixes it; the first drawn row is measured).
import { h } from './ui.js';

export function createVirtualBody(scroller, tbody, renderRow, { rowHeight = 30, overscan = 8 } = {}) {
  let items = [], from = -1, to = -1, rowH = rowHeight, measured = false, pending = false;

  const spacer = (px) => h('tr', { class: 'spacer', style: `height:${px}px` }, h('td', { colspan: 99 }));

  function paint(force) {
    const top = scroller.scrollTop, height = scroller.clientHeight || window.innerHeight;
    const f = Math.max(0, Math.floor(top / rowH) - overscan);
    const t = Math.min(items.length, Math.ceil((top + height) / rowH) + overscan);
    if (!force && f === from && t === to) return;
    from = f; to = t;
    const rows = [];
    if (f > 0) rows.push(spacer(f * rowH));
    for (let i = f; i < t; i++) rows.push(renderRow(items[i], i));
    if (t < items.length) rows.push(spacer((items.length - t) * rowH));
    // a row still in view keeps its element (updated in place), so a click aimed at it never lands on a removed node
    const old = new Map([...tbody.children].filter(r => r.dataset.key).map(r => [r.dataset.key, r]));
    for (let j = 0; j < rows.length; j++) {
      const o = rows[j].dataset.key && old.get(rows[j].dataset.key);
      if (o) { morph(o, rows[j]); rows[j] = o; }
    }
    tbody.replaceChildren(...rows);
    if (!measured && t > f) {
      const first = rows[f > 0 ? 1 : 0].getBoundingClientRect().height;
      if (first > 0) { measured = true; if (Math.abs(first - rowH) > 0.5) { rowH = first; paint(true); } }
    }
  }

  function morph(el, fresh) {
    for (const a of [...el.attributes]) if (!fresh.hasAttribute(a.name)) el.removeAttribute(a.name);
    for (const a of [...fresh.attributes]) if (el.getAttribute(a.name) !== a.value) el.setAttribute(a.name, a.value);
    el.replaceChildren(...fresh.childNodes);
  }

  scroller.addEventListener('scroll', () => {
    if (pending) return;
    pending = true;
    requestAnimationFrame(() => { pending = false; paint(false); });
  });

  return {
    setItems(list) { items = list; paint(true); },
    repaint() { paint(true); },
    /** Scrolls just enough for row i to be in view. */
    reveal(i) {
      const y = i * rowH, view = scroller.clientHeight;
      if (y < scroller.scrollTop) scroller.scrollTop = y;
      else if (y + rowH > scroller.scrollTop + view) scroller.scrollTop = y + rowH - view;
      paint(false);
    },
    get rowHeight() { return rowH; },
  };
}
