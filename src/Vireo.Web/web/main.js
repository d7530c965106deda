// The main window (16.2): every guest of every connection, actions on the selected ones (16.6).
import { api, h, toast, drawGraph, confirmDialog } from './ui.js';
import { openClone, openMigrate } from './clone.js';

let root = null;
let overview = { connections: [], guests: [], pollSeconds: 3 };
const selected = new Set(); // "cid/uuid"
let filter = '';

const key = (g) => `${g.conn}/${g.uuid}`;

export async function renderMain(view) {
  root = h('div', { id: 'main-window' });
  view.replaceChildren(root);
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
      if (root.isConnected) draw();
    } while (fetchAgain);
  })();
  try { await fetching; } finally { fetching = null; }
}

function selectedGuests() {
  return overview.guests.filter(g => selected.has(key(g)));
}

function connOf(cid) { return overview.connections.find(c => c.id === cid); }

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
  if (verb === 'delete') {
    confirmDialog('Delete', `Delete ${guests.map(g => g.name).join(', ')}?`,
      [{ name: 'deleteStorage', label: 'Delete associated storage files', type: 'checkbox', value: true }],
      async (v) => {
        for (const g of guests) {
          const r = await api('POST', `/c/${g.conn}/d/${g.uuid}/action/delete`, { deleteStorage: v.deleteStorage });
          toast(`${g.name}: ${r.message}`);
          selected.delete(key(g));
        }
        await refreshMain();
      });
    return;
  }
  for (const g of guests) {
    try {
      const r = await api('POST', `/c/${g.conn}/d/${g.uuid}/action/${verb}`, {});
      toast(`${g.name}: ${r.message}`);
    } catch (e) {
      toast(`${g.name}: ${e.message}`);
    }
  }
  await refreshMain();
}

const actions = [
  ['open', 'Open'], ['run', 'Run'], ['pause', 'Pause'], ['resume', 'Resume'], ['shutdown', 'Shut Down'],
  ['reboot', 'Reboot'], ['forceoff', 'Force Off'], ['save', 'Save'], ['restore', 'Restore'], ['clone', 'Clone…'], ['migrate', 'Migrate…'], ['delete', 'Delete'],
];

function draw() {
  const sel = selectedGuests();
  const readOnly = sel.length > 0 && sel.every(g => connOf(g.conn)?.readOnly);
  const toolbar = h('div', { class: 'toolbar', id: 'actions' },
    actions.filter(([v]) => v === 'open' || !readOnly).map(([verb, label]) =>
      h('button', { id: 'act-' + verb, disabled: sel.length === 0, onclick: () => verb === 'open' ? openSelected() : act(verb) }, label)),
    h('input', { id: 'filter', placeholder: 'Filter by name', value: filter, oninput: (e) => { filter = e.target.value; draw(); } }));
  const head = h('tr', {}, h('th', {}, 'Name'), h('th', { class: 'col-id' }, 'ID'), h('th', { class: 'col-status' }, 'Status'),
    h('th', { class: 'col-vcpus' }, 'vCPUs'), h('th', { class: 'col-cpu' }, 'CPU usage'), h('th', { class: 'col-mem' }, 'Memory usage'));
  const body = h('tbody', {});
  for (const c of overview.connections) {
    body.append(h('tr', { class: 'conn-row', id: 'conn-' + c.id, dataset: { uri: c.uri } },
      h('td', { colspan: 6 },
        h('span', { class: 'conn-uri' }, c.hostname ? `${c.hostname} (${c.uri})` : c.uri), ' — ',
        h('span', { class: 'conn-state', id: 'conn-state-' + c.id }, c.state), c.readOnly ? ' (read-only)' : '',
        c.error && c.state !== 'Connected' ? h('span', { class: 'error' }, ' ' + c.error) : '', ' ',
        c.state === 'Connected' ? h('a', { href: `#/host/${c.id}`, id: 'host-link-' + c.id }, 'Host details') : '', ' ',
        h('button', { class: 'conn-remove', onclick: () => removeConn(c) }, 'Remove'))));
    for (const g of overview.guests.filter(g => g.conn === c.id && g.name.toLowerCase().includes(filter.toLowerCase()))) {
      const cpu = h('canvas', { class: 'spark', width: 80, height: 18 });
      const mem = h('canvas', { class: 'spark', width: 80, height: 18 });
      drawGraph(cpu, g.cpuHistory, 100, '#1f6feb');
      drawGraph(mem, g.memoryHistory, 100, '#8250df');
      const row = h('tr', {
        class: 'guest-row' + (selected.has(key(g)) ? ' selected' : ''), dataset: { name: g.name, uuid: g.uuid, conn: g.conn },
        onclick: (ev) => {
          if (!ev.ctrlKey && !ev.metaKey) selected.clear();
          selected.has(key(g)) ? selected.delete(key(g)) : selected.add(key(g));
          draw();
        },
        ondblclick: () => { location.hash = `#/d/${g.conn}/${g.uuid}/console`; },
      },
      h('td', { class: 'col-name' }, g.name),
      h('td', { class: 'col-id' }, g.id > 0 ? g.id : '-'),
      h('td', { class: 'col-status state-' + g.state.replace(' ', '') }, g.state),
      h('td', { class: 'col-vcpus' }, g.vcpus),
      h('td', { class: 'col-cpu' }, cpu, ` ${g.cpuPercent.toFixed(1)}%`),
      h('td', { class: 'col-mem' }, mem, ` ${(g.memoryKiB / 1024).toFixed(0)} MiB`));
      body.append(row);
    }
  }
  const empty = overview.connections.length === 0 ? h('p', { class: 'muted' }, 'No connection: use Add Connection.') : null;
  root.replaceChildren(...[toolbar, h('table', { id: 'guests' }, h('thead', {}, head), body), empty].filter(Boolean));
}

function openSelected() {
  const g = selectedGuests()[0];
  if (g) location.hash = `#/d/${g.conn}/${g.uuid}/overview`;
}

function removeConn(c) {
  confirmDialog('Remove connection', `Remove the connection ${c.uri}?`, [], async () => {
    await api('DELETE', `/connections/${c.id}`);
    await refreshMain();
  });
}
