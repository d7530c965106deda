// The main window (16.2): every guest of every connection, filtered by name and tag, grouped by tag, selected one
// or many (click, Ctrl/Shift+click, checkboxes, keyboard) for actions on all of them (16.6). Only the rows in view
// are drawn (virtuallist.js), so 500 guests stay as quick as 50.
import { api, h, toast, drawGraph, confirmDialog, formDialog } from './ui.js';
import { openClone, openMigrate } from './clone.js';
import { createVirtualBody } from './virtuallist.js';
import { runBulk } from './bulk.js';
import { typing, showShortcutHelp } from './shortcuts.js';

let root = null, list = null, items = [], selectAll = null, selCount = null, tagSelect = null;
let overview = { connections: [], guests: [], pollSeconds: 3 };
const selected = new Set(); // "cid/uuid"
let filter = '', tagFilter = '', groupByTag = false;
let cursor = -1, anchor = -1; // item indexes: keyboard position, start of a Shift range

const key = (g) => `${g.conn}/${g.uuid}`;
const UNTAGGED = '\u0000untagged';

export async function renderMain(view) {
  root = h('div', { id: 'main-window' });
  view.replaceChildren(root);
  build();
  await refreshMain();
}

// one fetch at a time: notices arriving meanwhile cause one more fetch after it, not one each (500 guests, bursts)
let fetching = null, fetchAgain = false;
export async function refreshMain() {
  if (!root || !root.isConnected) return;
  if (fetching) { fetchAgain = true; return fetching; }
  fetching = (async () => {
    do {
      fetchAgain = false;
      try {
        overview = await api('GET', '/overview');
      } catch (e) {
        toast(e.message);
        return;
      }
      if (root.isConnected) update();
    } while (fetchAgain);
  })();
  try { await fetching; } finally { fetching = null; }
}

function connOf(cid) { return overview.connections.find(c => c.id === cid); }
function selectedGuests() { return overview.guests.filter(g => selected.has(key(g))); }
const guestItems = () => items.filter(it => it.guest);

function matches(g) {
  if (filter && !g.name.toLowerCase().includes(filter.toLowerCase())) return false;
  if (tagFilter === UNTAGGED) return g.tags.length === 0;
  if (tagFilter) return g.tags.some(t => t.toLowerCase() === tagFilter.toLowerCase());
  return true;
}

/** The flat list the table shows: connection rows, then guests under their connection or under tag headings. */
function computeItems() {
  const shown = overview.guests.filter(matches);
  const out = [];
  for (const c of overview.connections) {
    out.push({ conn: c });
    if (!groupByTag) for (const g of shown.filter(g => g.conn === c.id)) out.push({ guest: g });
  }
  if (groupByTag) {
    const groups = new Map();
    for (const g of shown) for (const t of (g.tags.length ? g.tags : [UNTAGGED])) {
      if (!groups.has(t)) groups.set(t, []);
      groups.get(t).push(g);
    }
    const names = [...groups.keys()].sort((a, b) => a === UNTAGGED ? 1 : b === UNTAGGED ? -1 : a.localeCompare(b));
    for (const t of names) {
      out.push({ group: t, count: groups.get(t).length });
      for (const g of groups.get(t)) out.push({ guest: g, group: t });
    }
  }
  return out;
}

const actions = [
  ['open', 'Open'], ['run', 'Run'], ['pause', 'Pause'], ['resume', 'Resume'], ['shutdown', 'Shut Down'],
  ['reboot', 'Reboot'], ['forceoff', 'Force Off'], ['save', 'Save'], ['restore', 'Restore'], ['clone', 'Clone…'], ['migrate', 'Migrate…'],
  ['tags', 'Tags…'], ['delete', 'Delete'],
];

/** The parts that stay while the data changes: toolbar, filters, the scrolling table. */
function build() {
  const toolbar = h('div', { class: 'toolbar', id: 'actions' },
    actions.map(([verb, label]) => h('button', { id: 'act-' + verb, class: 'act', dataset: { verb }, onclick: () => verb === 'open' ? openSelected() : act(verb) }, label)));
  const filterBox = h('input', { id: 'filter', type: 'search', placeholder: 'Filter by name  ( / )', value: filter,
    oninput: (e) => { filter = e.target.value; update(); },
    onkeydown: (e) => { if (e.key === 'Escape') { e.target.value = ''; filter = ''; e.target.blur(); update(); } } });
  tagSelect = h('select', { id: 'tag-filter', title: 'Show the guests with this tag', onchange: (e) => { tagFilter = e.target.value; update(); } });
  const group = h('label', { class: 'inline' }, h('input', { type: 'checkbox', id: 'group-by-tag', checked: groupByTag,
    onchange: (e) => { groupByTag = e.target.checked; update(); } }), ' Group by tag');
  selCount = h('span', { id: 'sel-count', class: 'muted' });
  const filters = h('div', { class: 'toolbar', id: 'filters' }, filterBox, tagSelect, group, selCount,
    h('button', { id: 'btn-shortcuts', class: 'link', title: 'Keyboard shortcuts', onclick: showShortcutHelp }, 'Shortcuts (?)'));
  selectAll = h('input', { type: 'checkbox', id: 'select-all', title: 'Select every guest shown', onclick: toggleAll });
  const head = h('tr', {}, h('th', { class: 'col-check' }, selectAll), h('th', {}, 'Name'), h('th', { class: 'col-tags' }, 'Tags'),
    h('th', { class: 'col-id' }, 'ID'), h('th', { class: 'col-status' }, 'Status'),
    h('th', { class: 'col-vcpus' }, 'vCPUs'), h('th', { class: 'col-cpu' }, 'CPU usage'), h('th', { class: 'col-mem' }, 'Memory usage'));
  const body = h('tbody', {});
  const scroller = h('div', { id: 'guest-scroll' }, h('table', { id: 'guests' }, h('thead', {}, head), body));
  const empty = h('p', { class: 'muted', id: 'no-conn', hidden: true }, 'No connection: use Add Connection.');
  root.replaceChildren(toolbar, filters, scroller, empty);
  list = createVirtualBody(scroller, body, renderItem);
  body.addEventListener('click', onTableClick);
  body.addEventListener('dblclick', (ev) => {
    const g = items[Number(ev.target.closest('tr.guest-row')?.dataset.index)]?.guest;
    if (g && !ev.target.classList.contains('sel')) location.hash = `#/d/${g.conn}/${g.uuid}/console`;
  });
}

function onTableClick(ev) {
  const t = ev.target;
  const remove = t.closest('.conn-remove');
  if (remove) { const c = connOf(remove.dataset.cid); if (c) removeConn(c); return; }
  if (t.classList.contains('tag')) { tagFilter = t.dataset.tag; update(); return; }
  const tr = t.closest('tr.guest-row');
  if (!tr) return;
  const i = Number(tr.dataset.index);
  if (t.classList.contains('sel')) pick(i, { toggle: true, range: ev.shiftKey });
  else pick(i, { toggle: ev.ctrlKey || ev.metaKey, range: ev.shiftKey });
  // a double-click opens the console; counted on click, because the first click redraws the row's cells and the
  // browser sends no dblclick when the second click lands on a new node
  const g = items[i]?.guest;
  if (ev.detail === 2 && g && !t.classList.contains('sel')) location.hash = `#/d/${g.conn}/${g.uuid}/console`;
}

/** New data or a new filter: recompute the list, keep only selections still shown, redraw what is in view. */
function update() {
  const cursorKey = items[cursor]?.guest ? key(items[cursor].guest) : null;
  items = computeItems();
  const shown = new Set(guestItems().map(it => key(it.guest)));
  for (const k of [...selected]) if (!shown.has(k)) selected.delete(k);
  cursor = cursorKey ? items.findIndex(it => it.guest && key(it.guest) === cursorKey) : -1;
  if (anchor >= items.length) anchor = -1;
  fillTagFilter();
  root.querySelector('#guests').dataset.total = String(shown.size);
  root.querySelector('#no-conn').hidden = overview.connections.length > 0;
  list.setItems(items);
  updateToolbar();
}

function fillTagFilter() {
  const counts = new Map();
  for (const g of overview.guests) for (const t of g.tags) counts.set(t, (counts.get(t) || 0) + 1);
  const untagged = overview.guests.filter(g => g.tags.length === 0).length;
  const opts = [['', 'All tags'], ...[...counts.keys()].sort((a, b) => a.localeCompare(b)).map(t => [t, `${t} (${counts.get(t)})`]), [UNTAGGED, `No tag (${untagged})`]];
  if (tagFilter && !opts.some(([v]) => v === tagFilter)) opts.push([tagFilter, tagFilter + ' (0)']);
  const sig = JSON.stringify(opts);
  if (tagSelect.dataset.sig !== sig) {
    tagSelect.dataset.sig = sig;
    tagSelect.replaceChildren(...opts.map(([v, text]) => h('option', { value: v }, text)));
  }
  tagSelect.value = tagFilter;
}

function updateToolbar() {
  const sel = selectedGuests();
  const readOnly = sel.length > 0 && sel.every(g => connOf(g.conn)?.readOnly);
  for (const b of root.querySelectorAll('#actions button.act')) {
    b.disabled = sel.length === 0;
    b.hidden = readOnly && b.dataset.verb !== 'open';
  }
  const shown = guestItems().length ? new Set(guestItems().map(it => key(it.guest))).size : 0;
  selCount.textContent = `${shown} shown` + (sel.length ? `, ${sel.length} selected` : '');
  selectAll.checked = shown > 0 && sel.length === shown;
  selectAll.indeterminate = sel.length > 0 && sel.length < shown;
}

function renderItem(it, i) {
  if (it.conn) {
    const c = it.conn;
    return h('tr', { class: 'row conn-row', id: 'conn-' + c.id, dataset: { uri: c.uri, key: 'conn:' + c.id } },
      h('td', { colspan: 8 },
        h('span', { class: 'conn-uri' }, c.hostname ? `${c.hostname} (${c.uri})` : c.uri), ' — ',
        h('span', { class: 'conn-state', id: 'conn-state-' + c.id }, c.state), c.readOnly ? ' (read-only)' : '',
        c.error && c.state !== 'Connected' ? h('span', { class: 'error' }, ' ' + c.error) : '', ' ',
        c.state === 'Connected' ? h('a', { href: `#/host/${c.id}`, id: 'host-link-' + c.id }, 'Host details') : '', ' ',
        h('button', { class: 'conn-remove', dataset: { cid: c.id } }, 'Remove')));
  }
  if (!it.guest) {
    return h('tr', { class: 'row group-row', dataset: { tag: it.group === UNTAGGED ? '' : it.group, key: 'group:' + it.group } },
      h('td', { colspan: 8 }, it.group === UNTAGGED ? 'No tag' : it.group, h('span', { class: 'muted' }, ` (${it.count})`)));
  }
  const g = it.guest, k = key(g);
  const cpu = h('canvas', { class: 'spark', width: 80, height: 18 });
  const mem = h('canvas', { class: 'spark', width: 80, height: 18 });
  drawGraph(cpu, g.cpuHistory, 100, '#1f6feb');
  drawGraph(mem, g.memoryHistory, 100, '#8250df');
  const check = h('input', { type: 'checkbox', class: 'sel', checked: selected.has(k), 'aria-label': 'Select ' + g.name });
  // no handlers here: the table body handles clicks for every row (rows are redrawn and reused as the list scrolls)
  return h('tr', {
    class: 'row guest-row' + (selected.has(k) ? ' selected' : '') + (i === cursor ? ' cursor' : ''),
    dataset: { name: g.name, uuid: g.uuid, conn: g.conn, tags: g.tags.join(','), group: it.group ?? '', index: i, key: k + '|' + (it.group ?? '') },
  },
  h('td', { class: 'col-check' }, check),
  h('td', { class: 'col-name' }, g.name),
  h('td', { class: 'col-tags' }, g.tags.map(t => h('span', { class: 'tag', title: 'Show only ' + t, dataset: { tag: t } }, t))),
  h('td', { class: 'col-id' }, g.id > 0 ? g.id : '-'),
  h('td', { class: 'col-status state-' + g.state.replace(' ', '') }, g.state),
  h('td', { class: 'col-vcpus' }, g.vcpus),
  h('td', { class: 'col-cpu' }, cpu, ` ${g.cpuPercent.toFixed(1)}%`),
  h('td', { class: 'col-mem' }, mem, ` ${(g.memoryKiB / 1024).toFixed(0)} MiB`));
}

/**
 * Selects item i: alone (plain click), toggled (Ctrl+click, checkbox), or with range every guest from the anchor
 * to it is added (Shift+click); the anchor moves unless extending a range.
 */
function pick(i, { toggle = false, range = false } = {}) {
  const it = items[i];
  if (!it?.guest) return;
  if (range && anchor >= 0 && items[anchor]) {
    if (!toggle) selected.clear();
    const [a, b] = anchor < i ? [anchor, i] : [i, anchor];
    for (let j = a; j <= b; j++) if (items[j].guest) selected.add(key(items[j].guest));
  } else {
    const k = key(it.guest);
    if (toggle) selected.has(k) ? selected.delete(k) : selected.add(k);
    else { selected.clear(); selected.add(k); }
    anchor = i;
  }
  cursor = i;
  list.repaint();
  updateToolbar();
}

function toggleAll() {
  const shown = guestItems().map(it => key(it.guest));
  const all = shown.length > 0 && shown.every(k => selected.has(k));
  selected.clear();
  if (!all) for (const k of shown) selected.add(k);
  list.repaint();
  updateToolbar();
}

/** Moves the keyboard cursor to the next/previous guest (step ±1) or to the first/last (step ±Infinity). */
function move(step, extend) {
  const idx = items.map((it, i) => it.guest ? i : -1).filter(i => i >= 0);
  if (idx.length === 0) return;
  let pos = idx.indexOf(cursor);
  if (step === Infinity) pos = idx.length - 1;
  else if (step === -Infinity) pos = 0;
  else pos = pos < 0 ? (step > 0 ? 0 : idx.length - 1) : Math.min(idx.length - 1, Math.max(0, pos + step));
  const i = idx[pos];
  if (extend) {
    if (anchor < 0) anchor = cursor >= 0 ? cursor : i;
    pick(i, { range: true });
  } else pick(i);
  list.reveal(i);
}

async function act(verb) {
  const guests = selectedGuests();
  if (guests.length === 0) { toast('Select a guest first'); return; }
  if (verb === 'clone' || verb === 'migrate') {
    if (guests.length !== 1) { toast('Select one guest to ' + verb); return; }
    const g = guests[0];
    if (verb === 'clone') openClone(g, refreshMain);
    else openMigrate(g, overview.connections, refreshMain);
    return;
  }
  if (verb === 'tags') return editTags(guests);
  if (verb === 'delete') return askDelete(guests);
  const label = actions.find(([v]) => v === verb)[1];
  await runBulk(root, label, guests, async (g) => (await api('POST', `/c/${g.conn}/d/${g.uuid}/action/${verb}`, {})).message);
  await refreshMain();
}

function askDelete(guests) {
  const { form } = confirmDialog('Delete', guests.length === 1 ? `Delete the guest ${guests[0].name}?` : `Delete these ${guests.length} guests?`,
    [{ name: 'deleteStorage', label: 'Delete associated storage files', type: 'checkbox', value: true }],
    async (v) => {
      // the dialog closes at once; each guest's outcome is listed under the toolbar
      setTimeout(async () => {
        await runBulk(root, 'Delete', guests, async (g) => {
          const r = await api('POST', `/c/${g.conn}/d/${g.uuid}/action/delete`, { deleteStorage: v.deleteStorage });
          selected.delete(key(g));
          return r.message;
        });
        await refreshMain();
      });
    });
  form.querySelector('#note-text').after(h('ul', { id: 'delete-list', class: 'name-list' }, guests.map(g => h('li', {}, g.name))));
}

function editTags(guests) {
  const all = [...new Set(guests.flatMap(g => g.tags))].sort();
  const split = (s) => s.split(',').map(t => t.trim()).filter(Boolean);
  formDialog(guests.length === 1 ? `Tags of ${guests[0].name}` : `Tags of ${guests.length} guests`, [
    { type: 'note', name: 'current', label: all.length ? 'Now: ' + all.join(', ') : 'No tags yet.' },
    { name: 'add', label: 'Add tags', hint: 'comma-separated, e.g. web, production' },
    { name: 'remove', label: 'Remove tags', hint: all.length ? 'comma-separated' : '' },
  ], async (v) => {
    const add = split(v.add), remove = split(v.remove);
    if (add.length === 0 && remove.length === 0) { const e = new Error('type a tag to add or remove'); e.field = 'add'; throw e; }
    const body = { add, remove };
    // the first guest checks the input: a bad tag is shown here and nothing changes
    const first = guests[0];
    let firstReply;
    try {
      firstReply = await api('POST', `/c/${first.conn}/d/${first.uuid}/tags`, body);
    } catch (e) {
      if (e.field) { e.field = remove.length && !add.length ? 'remove' : 'add'; throw e; }
      throw e;
    }
    setTimeout(async () => {
      await runBulk(root, 'Tags', guests, async (g) => g === first ? firstReply.message
        : (await api('POST', `/c/${g.conn}/d/${g.uuid}/tags`, body)).message);
      await refreshMain();
    });
  }, 'Apply');
}

function openSelected() {
  const g = items[cursor]?.guest && selected.has(key(items[cursor].guest)) ? items[cursor].guest : selectedGuests()[0];
  if (g) location.hash = `#/d/${g.conn}/${g.uuid}/overview`;
}

function removeConn(c) {
  confirmDialog('Remove connection', `Remove the connection ${c.uri}?`, [], async () => {
    await api('DELETE', `/connections/${c.id}`);
    await refreshMain();
  });
}

// keyboard shortcuts of the main window (listed in shortcuts.js); never while typing or with a dialog open
document.addEventListener('keydown', (ev) => {
  if (!root || !root.isConnected || typing(ev) || ev.altKey) return;
  const ctrl = ev.ctrlKey || ev.metaKey;
  let handled = true;
  if (ev.key === '/' && !ctrl) root.querySelector('#filter').focus();
  else if (ev.key === '?') showShortcutHelp();
  else if ((ev.key === 'j' || ev.key === 'ArrowDown') && !ctrl) move(1, ev.shiftKey);
  else if ((ev.key === 'k' || ev.key === 'ArrowUp') && !ctrl) move(-1, ev.shiftKey);
  else if (ev.key === 'Home' && !ctrl) move(-Infinity, ev.shiftKey);
  else if (ev.key === 'End' && !ctrl) move(Infinity, ev.shiftKey);
  else if (ev.key === ' ' && !ctrl && cursor >= 0) pick(cursor, { toggle: true });
  else if (ev.key === 'Enter' && !ctrl && items[cursor]?.guest) location.hash = `#/d/${items[cursor].guest.conn}/${items[cursor].guest.uuid}/overview`;
  else if (ctrl && (ev.key === 'a' || ev.key === 'A')) { const shown = guestItems(); selected.clear(); shown.forEach(it => selected.add(key(it.guest))); list.repaint(); updateToolbar(); }
  else if (ev.key === 'Escape' && selected.size) { selected.clear(); list.repaint(); updateToolbar(); }
  else if (ev.key === 'Delete' && selected.size && !root.querySelector('#act-delete').hidden) askDelete(selectedGuests());
  else handled = false;
  if (handled) ev.preventDefault();
});
