// Tabs for open guests instead of a window each: opening a guest (details or console) adds a tab; each tab keeps its
// own container (and so its console connections) while another is shown; closing a tab closes its connections.
// The open tabs are kept in sessionStorage, so they survive a reload.
import { h } from './ui.js';
import { renderDetails, disposeDetails } from './details.js';

const STORE = 'vireo-guest-tabs';
const tabs = new Map(); // "cid/uuid" -> { cid, uuid, name, sub, el }
let strip = null;

const keyOf = (cid, uuid) => `${cid}/${uuid}`;

function ensureStrip() {
  if (strip) return strip;
  strip = h('nav', { id: 'guest-tabs', class: 'guest-tabs' });
  document.getElementById('view').before(strip);
  return strip;
}

function save() {
  const list = [...tabs.values()].map(({ cid, uuid, name, sub }) => ({ cid, uuid, name, sub }));
  sessionStorage.setItem(STORE, JSON.stringify(list));
}

function addTab(cid, uuid, name, sub) {
  const el = h('div', { class: 'guest-tab-view', 'data-tab': keyOf(cid, uuid) });
  const t = { cid, uuid, name: name || uuid, sub: sub || 'overview', el };
  el.addEventListener('guest-loaded', (ev) => { if (t.name !== ev.detail.name) { t.name = ev.detail.name; save(); drawStrip(); } });
  tabs.set(keyOf(cid, uuid), t);
  return t;
}

/** Restores the tabs of this browser tab's session (after a reload); call once after logging in. */
export function restoreTabs() {
  let list = [];
  try { list = JSON.parse(sessionStorage.getItem(STORE) || '[]'); } catch { list = []; }
  for (const { cid, uuid, name, sub } of list) if (!tabs.has(keyOf(cid, uuid))) addTab(cid, uuid, name, sub);
  drawStrip();
}

/** Shows guest CID/UUID's tab (adding it when new) in VIEW, on its sub-tab SUB. */
export function showGuest(view, cid, uuid, sub) {
  const t = tabs.get(keyOf(cid, uuid)) ?? addTab(cid, uuid, null, sub);
  t.sub = sub;
  view.replaceChildren(t.el); // the container of the tab shown before is detached, not closed
  save();
  drawStrip(t);
  renderDetails(t.el, cid, uuid, sub);
}

/** The main window is shown: no guest tab is active. */
export function showMainTab() { drawStrip(null); }

/** Closes a guest tab and its connections; goes to the guest list if it was on screen. */
export function closeTab(cid, uuid) {
  const t = tabs.get(keyOf(cid, uuid));
  if (!t) return;
  const shown = t.el.isConnected;
  disposeDetails(t.el);
  t.el.remove();
  tabs.delete(keyOf(cid, uuid));
  save();
  drawStrip();
  if (shown) location.hash = '#/';
}

/** Forgets every tab (logging out). */
export function closeAllTabs() {
  for (const t of [...tabs.values()]) closeTab(t.cid, t.uuid);
  sessionStorage.removeItem(STORE);
}

function drawStrip(active) {
  const s = ensureStrip();
  if (active === undefined) active = [...tabs.values()].find(t => t.el.isConnected) ?? null;
  s.hidden = tabs.size === 0;
  s.replaceChildren(
    h('a', { href: '#/', class: 'guest-tab' + (active ? '' : ' active'), id: 'gtab-main' }, 'Guests'),
    ...[...tabs.values()].map(t => h('span', { class: 'guest-tab' + (t === active ? ' active' : ''), 'data-name': t.name, 'data-key': keyOf(t.cid, t.uuid) },
      h('a', { href: `#/d/${encodeURIComponent(t.cid)}/${encodeURIComponent(t.uuid)}/${t.sub}`, class: 'guest-tab-open' }, t.name),
      h('button', { class: 'guest-tab-close', title: 'Close the tab and its consoles', onclick: () => closeTab(t.cid, t.uuid) }, '×'))));
}
