// The Details window (16.3, 16.7): overview with graphs, the Hardware tab (view, change, add, remove) and the consoles.
import { api, h, toast, drawGraph, formDialog, confirmDialog } from './ui.js';
import { openSerial, openVnc, closeConsoles } from './console.js';

// one context per open guest tab (keyed by its container); ctx is the one on screen
const contexts = new Map();
let ctx = null; // { view, cid, uuid, tab, details, hist, last, timer, hwSel }

export async function renderDetails(view, cid, uuid, tab) {
  const existing = contexts.get(view);
  if (existing && existing.cid === cid && existing.uuid === uuid) {
    ctx = existing;
    // a guest tab shown again keeps its console connected; a change of sub-tab redraws
    if (existing.tab === tab && existing.details) { await refreshDetails(); return; }
    existing.tab = tab;
    await refreshDetails(true);
    return;
  }
  if (existing) disposeDetails(view);
  const c = { view, cid, uuid, tab, details: null, hist: { cpu: [], mem: [], disk: [], net: [] }, last: null, timer: null, hwSel: 'processor' };
  contexts.set(view, c);
  ctx = c;
  await refreshDetails(true);
  const prefs = await api('GET', '/preferences').catch(() => ({ pollSeconds: 3 }));
  if (!contexts.has(view)) return;
  c.timer = setInterval(() => { if (ctx === c && c.view.isConnected) sampleStats(); }, prefs.pollSeconds * 1000);
  if (ctx === c) sampleStats();
}

/** A closed guest tab: stop its timer and close its consoles. */
export function disposeDetails(view) {
  const c = contexts.get(view);
  if (!c) return;
  if (c.timer) clearInterval(c.timer);
  closeConsoles(view);
  contexts.delete(view);
  if (ctx === c) ctx = null;
}

export async function refreshDetails(full) {
  const c = ctx;
  if (!c || !c.view.isConnected) return;
  const wasActive = c.details?.active;
  let details;
  try {
    details = await api('GET', `/c/${c.cid}/d/${c.uuid}`);
  } catch (e) {
    if (ctx !== c) return;
    closeConsoles(c.view);
    c.view.replaceChildren(h('p', { class: 'error', id: 'details-error' }, e.message), h('a', { href: '#/' }, 'Back to the guest list'));
    return;
  }
  if (ctx !== c) return; // another tab was shown meanwhile
  c.details = details;
  c.view.dispatchEvent(new CustomEvent('guest-loaded', { detail: { name: details.name } }));
  // the console tab keeps its connection open; other tabs redraw
  if (full || c.tab !== 'console' || wasActive !== c.details.active) draw();
  else updateHeader();
}

function go(tab) { location.hash = `#/d/${ctx.cid}/${ctx.uuid}/${tab}`; }

async function act(verb) {
  try {
    const r = await api('POST', `/c/${ctx.cid}/d/${ctx.uuid}/action/${verb}`, {});
    toast(r.message);
  } catch (e) { toast(e.message); }
  await refreshDetails(true);
}

function updateHeader() {
  const s = document.getElementById('details-state');
  if (s) s.textContent = ctx.details.state;
}

function draw() {
  const d = ctx.details;
  const header = h('div', {},
    h('h2', {}, h('span', { id: 'details-name' }, d.name), ' — ', h('span', { id: 'details-state', class: 'state-' + d.state.replace(' ', '') }, d.state)),
    h('div', { class: 'toolbar' },
      h('a', { href: '#/' }, '← Guests'),
      !d.active ? h('button', { id: 'd-run', onclick: () => act('run') }, 'Run') : null,
      d.active && d.state !== 'Paused' ? h('button', { id: 'd-pause', onclick: () => act('pause') }, 'Pause') : null,
      d.state === 'Paused' ? h('button', { id: 'd-resume', onclick: () => act('resume') }, 'Resume') : null,
      d.active ? h('button', { id: 'd-shutdown', onclick: () => act('shutdown') }, 'Shut Down') : null,
      d.active ? h('button', { id: 'd-reboot', onclick: () => act('reboot') }, 'Reboot') : null,
      d.active ? h('button', { id: 'd-forceoff', onclick: () => act('forceoff') }, 'Force Off') : null),
    h('div', { class: 'tabs' }, [['overview', 'Overview'], ['hardware', 'Hardware'], ['console', 'Console'], ['xml', 'XML']].map(([t, label]) =>
      h('button', { id: 'tab-' + t, class: ctx.tab === t ? 'active' : '', onclick: () => go(t) }, label))));
  const body = h('div', { class: 'panel', id: 'tab-body' });
  closeConsoles(ctx.view);
  ctx.view.replaceChildren(header, body);
  if (ctx.tab === 'hardware') drawHardware(body);
  else if (ctx.tab === 'console') drawConsole(body);
  else if (ctx.tab === 'xml') body.append(h('pre', { id: 'domain-xml' }, d.xml));
  else drawOverview(body);
}

function drawOverview(body) {
  const d = ctx.details;
  const rows = [['Name', d.name], ['UUID', d.uuid], ['ID', d.id > 0 ? d.id : '-'], ['Status', d.state], ['Hypervisor', d.hypervisor],
    ['Architecture', d.arch], ['Machine', d.machine || '-'], ['OS type', d.osType], ['OS variant', d.osVariant || 'unknown'],
    ['Virtual CPUs', d.vcpus], ['Memory', `${d.memoryMiB} MiB (max ${d.maxMemoryMiB} MiB)`], ['Autostart', d.autostart ? 'yes' : 'no'],
    ['Persistent', d.persistent ? 'yes' : 'no (transient)']];
  body.append(h('table', { id: 'overview' }, rows.map(([k, v]) => h('tr', {}, h('th', {}, k), h('td', { id: 'ov-' + k.toLowerCase().replace(/ /g, '-') }, v)))));
  const graphs = h('div', { class: 'graphs' });
  for (const [id, label] of [['cpu', 'CPU usage (%)'], ['mem', 'Memory usage (% of host)'], ['disk', 'Disk I/O (bytes/s)'], ['net', 'Network I/O (bytes/s)']]) {
    graphs.append(h('div', {}, h('div', {}, label, ' ', h('span', { id: 'graph-val-' + id })), h('canvas', { class: 'graph', id: 'graph-' + id, width: 300, height: 90 })));
  }
  body.append(h('h3', {}, 'Performance'), graphs);
  drawGraphs();
}

async function sampleStats() {
  if (!ctx || !ctx.view.isConnected) return;
  const c = ctx;
  let s;
  try { s = await api('GET', `/c/${c.cid}/d/${c.uuid}/stats`); } catch { return; }
  if (ctx !== c) return;
  const now = performance.now();
  const push = (a, v) => { a.push(v); if (a.length > 40) a.shift(); };
  push(ctx.hist.cpu, s.cpuPercent);
  push(ctx.hist.mem, s.memoryPercent);
  if (ctx.last) {
    const dt = (now - ctx.last.t) / 1000;
    push(ctx.hist.disk, Math.max(0, (s.diskReadBytes + s.diskWriteBytes - ctx.last.disk) / dt));
    push(ctx.hist.net, Math.max(0, (s.netRxBytes + s.netTxBytes - ctx.last.net) / dt));
  }
  ctx.last = { t: now, disk: s.diskReadBytes + s.diskWriteBytes, net: s.netRxBytes + s.netTxBytes };
  drawGraphs();
}

function drawGraphs() {
  for (const id of ['cpu', 'mem', 'disk', 'net']) {
    const c = document.getElementById('graph-' + id);
    if (!c) continue;
    const a = ctx.hist[id];
    drawGraph(c, a, id === 'cpu' || id === 'mem' ? 100 : 0, id === 'mem' ? '#8250df' : '#1f6feb');
    const v = a.length ? a[a.length - 1] : 0;
    document.getElementById('graph-val-' + id).textContent = id === 'cpu' || id === 'mem' ? v.toFixed(1) + '%' : Math.round(v) + ' B/s';
  }
}

// ---- Hardware tab ----
function drawHardware(body) {
  const d = ctx.details;
  const ro = d.readOnly;
  const items = [['processor', 'Processor'], ['memory', 'Memory'], ['boot', 'Boot Options'],
    ...d.hardware.map((hw, i) => ['dev' + i, hw.title])];
  const list = h('ul', { id: 'hw-list' }, items.map(([id, label]) =>
    h('li', { id: 'hw-' + id, class: ctx.hwSel === id ? 'active' : '', onclick: () => { ctx.hwSel = id; ctx.hwMessage = ''; draw(); } }, label)));
  const detail = h('div', { class: 'hw-detail', id: 'hw-detail' });
  body.append(h('div', { class: 'toolbar' }, h('button', { id: 'btn-add-hw', onclick: openAddHardware }, 'Add Hardware')),
    h('div', { class: 'hw' }, list, detail));
  // kept in ctx: an event may redraw this tab right after an action, and the message must survive that
  const msg = h('p', { class: 'muted', id: 'hw-message' }, ctx.hwMessage || '');
  const err = h('p', { class: 'error', id: 'hw-error' });
  const apply = (path, payload) => async () => {
    err.textContent = ''; msg.textContent = ''; ctx.hwMessage = '';
    try {
      const r = await api('POST', `/c/${ctx.cid}/d/${ctx.uuid}/${path}`, payload());
      toast(r.message);
      ctx.hwMessage = r.message;
      await refreshDetails(true);
    } catch (e) { err.textContent = e.message; }
  };
  if (ctx.hwSel === 'processor') {
    const n = h('input', { id: 'hw-vcpus', type: 'number', min: 1, value: d.vcpus });
    detail.append(h('h3', {}, 'Processor'), h('p', {}, `Maximum allocation: ${d.maxVcpus}`),
      h('label', {}, 'Current allocation ', n), h('button', { id: 'hw-apply', onclick: apply('vcpus', () => ({ count: Number(n.value) })) }, 'Apply'));
  } else if (ctx.hwSel === 'memory') {
    const n = h('input', { id: 'hw-memory', type: 'number', min: 1, value: d.memoryMiB });
    detail.append(h('h3', {}, 'Memory'), h('p', {}, `Maximum allocation: ${d.maxMemoryMiB} MiB`),
      h('label', {}, 'Current allocation (MiB) ', n), h('button', { id: 'hw-apply', onclick: apply('memory', () => ({ mib: Number(n.value) })) }, 'Apply'));
  } else if (ctx.hwSel === 'boot') {
    const devs = ['hd', 'cdrom', 'network', 'fd'];
    const boxes = devs.map(dv => h('input', { type: 'checkbox', id: 'boot-' + dv, checked: d.boot.includes(dv) }));
    const auto = h('input', { type: 'checkbox', id: 'hw-autostart', checked: d.autostart });
    detail.append(h('h3', {}, 'Boot Options'), h('label', {}, auto, ' Start the guest when the host boots'),
      h('button', { onclick: apply('autostart', () => ({ on: auto.checked })) }, 'Apply autostart'),
      h('h4', {}, 'Boot device order'), devs.map((dv, i) => h('label', {}, boxes[i], ' ', dv)),
      h('button', { id: 'hw-apply', onclick: apply('boot', () => ({ devices: devs.filter((_, i) => boxes[i].checked) })) }, 'Apply'));
  } else {
    const hw = d.hardware[Number(ctx.hwSel.slice(3))];
    if (hw) {
      detail.append(h('h3', {}, hw.title), h('p', {}, hw.summary), editor(hw, apply), h('pre', { id: 'hw-xml' }, hw.xml),
        h('button', { id: 'hw-remove', onclick: () => confirmDialog('Remove hardware', `Remove ${hw.title}?`, [], async () => {
          const r = await api('POST', `/c/${ctx.cid}/d/${ctx.uuid}/hardware/remove`, { xml: hw.xml });
          toast(r.message); ctx.hwSel = 'processor'; await refreshDetails(true);
        }) }, 'Remove'));
    }
  }
  detail.append(msg, err);
  if (ro) body.querySelectorAll('button').forEach(b => { if (b.id !== 'btn-back') b.hidden = true; });
}

// the fields a device can change in place: disk cache/read-only/medium, NIC model/source, display password
function editor(hw, apply) {
  const dev = new DOMParser().parseFromString(hw.xml, 'application/xml').documentElement;
  const attr = (sel, name) => dev.querySelector(sel)?.getAttribute(name) ?? '';
  const box = h('div', { id: 'hw-edit' });
  const select = (id, options, value) => h('select', { id }, options.map(o => h('option', { value: o, selected: o === value }, o)));
  let payload = null;
  if (hw.kind === 'disk') {
    const media = ['cdrom', 'floppy'].includes(dev.getAttribute('device'));
    const cache = select('hw-cache', ['default', 'none', 'writethrough', 'writeback', 'directsync', 'unsafe'], attr('driver', 'cache') || 'default');
    const ro = h('input', { type: 'checkbox', id: 'hw-readonly', checked: !!dev.querySelector('readonly') });
    const path = h('input', { id: 'hw-media', value: attr('source', 'file'), size: 40 });
    box.append(h('label', {}, 'Cache mode ', cache), media ? h('label', {}, 'Medium (empty: eject) ', path) : h('label', {}, ro, ' Read-only'));
    payload = () => media ? { cache: cache.value, media: path.value } : { cache: cache.value, readOnly: ro.checked };
  } else if (hw.kind === 'interface') {
    const type = dev.getAttribute('type');
    const model = select('hw-model', ['virtio', 'e1000', 'e1000e', 'rtl8139'], attr('model', 'type') || 'virtio');
    const src = h('input', { id: 'hw-source', value: attr('source', type) });
    box.append(h('label', {}, 'Device model ', model));
    if (type === 'network' || type === 'bridge') box.append(h('label', {}, type === 'network' ? 'Virtual network ' : 'Bridge ', src));
    payload = () => Object.assign({ model: model.value }, type === 'network' || type === 'bridge' ? { source: src.value } : {});
  } else if (hw.kind === 'graphics') {
    const pw = h('input', { type: 'password', id: 'hw-password', placeholder: dev.hasAttribute('passwd') ? '(set; empty removes it)' : '' });
    box.append(h('label', {}, 'Password ', pw));
    payload = () => ({ password: pw.value });
  }
  if (payload) box.append(h('button', { id: 'hw-apply', onclick: apply('hardware/edit', () => Object.assign({ xml: hw.xml }, payload())) }, 'Apply'));
  return box;
}

async function openAddHardware() {
  const limits = await api('GET', `/c/${ctx.cid}/vm-limits`).catch(() => ({ pools: [], networks: [] }));
  formDialog('Add New Virtual Hardware', [
    { name: 'kind', label: 'Hardware', type: 'select', options: [['disk', 'Storage'], ['nic', 'Network'], ['serial', 'Serial'], ['console', 'Console'], ['graphics', 'Graphics']], value: 'disk' },
    { name: 'device', label: 'Device type', type: 'select', options: [['disk', 'Disk device'], ['cdrom', 'CDROM device'], ['floppy', 'Floppy device']], value: 'disk' },
    { name: 'bus', label: 'Bus', type: 'select', options: ['virtio', 'sata', 'scsi', 'ide', 'usb', 'fdc'], value: 'virtio' },
    { name: 'pool', label: 'New volume in pool', type: 'select', options: limits.pools, value: limits.pools.includes('default') ? 'default' : limits.pools[0] },
    { name: 'sizeGiB', label: 'Size (GiB)', type: 'number', value: '1', step: 'any' },
    { name: 'source', label: 'or existing path', hint: '(ISO for a CDROM)' },
    { name: 'networkType', label: 'Network source', type: 'select', options: [['network', 'Virtual network'], ['bridge', 'Shared device (bridge)']], value: 'network' },
    { name: 'networkSource', label: 'Network or device name', value: limits.networks[0] || 'default' },
    { name: 'model', label: 'Device model', type: 'select', options: ['virtio', 'e1000', 'e1000e', 'rtl8139'], value: 'virtio' },
    { name: 'mac', label: 'MAC address', hint: '(empty: generated)' },
    { name: 'graphicsType', label: 'Graphics type', type: 'select', options: [['vnc', 'VNC server'], ['spice', 'Spice server']], value: 'vnc' },
    { name: 'listen', label: 'Listen address', value: '127.0.0.1' },
    { name: 'password', label: 'Password', type: 'password' },
  ], async (v) => {
    const body = { kind: v.kind };
    if (v.kind === 'disk') Object.assign(body, { device: v.device, bus: v.bus, pool: v.pool, sizeGiB: Number(v.sizeGiB), source: v.source || null });
    if (v.kind === 'nic') Object.assign(body, { networkType: v.networkType, networkSource: v.networkSource, model: v.model, mac: v.mac || null });
    if (v.kind === 'serial' || v.kind === 'console') body.charType = 'pty';
    if (v.kind === 'graphics') Object.assign(body, { graphicsType: v.graphicsType, listen: v.listen, password: v.password || null });
    const r = await api('POST', `/c/${ctx.cid}/d/${ctx.uuid}/hardware`, body);
    toast(r.message);
    ctx.hwMessage = r.message;
    await refreshDetails(true);
  }, 'Finish', (v, form) => {
    const show = { disk: ['device', 'bus', 'pool', 'sizeGiB', 'source'], nic: ['networkType', 'networkSource', 'model', 'mac'],
      serial: [], console: [], graphics: ['graphicsType', 'listen', 'password'] }[v.kind] || [];
    for (const row of form.querySelectorAll('label[id^="row-"]')) {
      const name = row.id.slice(4);
      row.hidden = name !== 'kind' && !show.includes(name);
    }
  });
}

// ---- Console tab ----
function drawConsole(body) {
  const d = ctx.details;
  const vnc = d.graphics.find(g => g.type === 'vnc');
  const area = h('div', { id: 'console-area' });
  const bar = h('div', { class: 'toolbar' });
  body.append(bar, area);
  if (!d.active) { area.append(h('p', { id: 'console-msg' }, 'The guest is not running.')); return; }
  const showSerial = () => openSerial(area, `/ws/c/${ctx.cid}/d/${ctx.uuid}/serial`);
  const showVnc = () => openVnc(area, `/ws/c/${ctx.cid}/d/${ctx.uuid}/vnc`, vnc?.hasPassword);
  if (vnc) bar.append(h('button', { id: 'btn-graphical', onclick: showVnc }, 'Graphical console'));
  if (d.hasSerial) bar.append(h('button', { id: 'btn-serial', onclick: showSerial }, 'Serial console'));
  if (vnc && vnc.port > 0) showVnc();
  else if (d.hasSerial) showSerial();
  else area.append(h('p', { id: 'console-msg' }, 'The guest has no graphical display and no serial console.'));
}
