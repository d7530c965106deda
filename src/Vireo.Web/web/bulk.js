// Runs one action on many guests (a few at a time): every guest is tried, each one's outcome is listed under the
// toolbar (a failure does not stop the others), and the summary says how many worked.
import { h } from './ui.js';

const parallel = 4;

/** op(guest) returns the success message or throws; results go to #bulk-results inside root. */
export async function runBulk(root, title, guests, op) {
  const list = h('ul', { id: 'bulk-list' });
  const summary = h('span', { id: 'bulk-summary' }, `${title}: ${guests.length} guest(s)…`);
  const box = h('div', { id: 'bulk-results', class: 'panel bulk' }, summary, ' ',
    h('button', { id: 'bulk-close', class: 'link', onclick: () => box.remove() }, 'Dismiss'), list);
  root.querySelector('#bulk-results')?.remove();
  root.querySelector('#actions')?.after(box);
  let ok = 0, failed = 0, next = 0;
  async function worker() {
    while (next < guests.length) {
      const g = guests[next++];
      const item = h('li', { dataset: { name: g.name, conn: g.conn } }, `${g.name}: …`);
      list.append(item);
      try {
        const msg = await op(g);
        item.className = 'ok'; item.textContent = `${g.name}: ${msg}`; ok++;
      } catch (e) {
        item.className = 'error'; item.textContent = `${g.name}: ${e.message}`; failed++;
      }
    }
  }
  await Promise.all(Array.from({ length: Math.min(parallel, guests.length) }, worker));
  summary.textContent = `${title}: ${ok} done` + (failed ? `, ${failed} failed` : '');
  box.classList.toggle('has-errors', failed > 0);
  return { ok, failed };
}
