// Host details (16.14–16.15): overview, Virtual Networks and Storage tabs with their create wizards.
import { api, h, toast, drawGraph, formDialog, confirmDialog, fmtBytes } from './ui.js';

let ctx = null;

export async function renderHost(view, cid, tab) {
  ctx = { view, cid, tab };
  let d;
  try { d = await api('GET', `/c/${cid}/host`); } catch (e) { view.replaceChildren(h('p', { class: 'error' }, e.message)); return; }
  ctx.d = d;
  const tabs = h('div', { class: 'tabs' }, [['overview', 'Overview'], ['networks', 'Virtual Networks'], ['storage', 'Storage']].map(([t, l]) =>
    h('button', { id: 'host-tab-' + t, class: tab === t ? 'active' : '', onclick: () => { location.hash = `#/host/${cid}/${t}`; } }, l)));
  const body = h('div', { class: 'panel', id: 'host-body' });
  view.replaceChildren(h('h2', {}, `Host ${d.hostname || ''} — ${d.uri}`), h('a', { href: '#/' }, '← Guests'), tabs, body);
  if (tab === 'networks') drawNetworks(body, d);
  else if (tab === 'storage') drawStorage(body, d);
  else {
    const g = h('canvas', { class: 'graph', width: 300, height: 90 });
    body.append(h('table', {}, [['Hypervisor', d.hypervisor], ['CPUs', `${d.cpus} × ${d.cpuModel} @ ${d.mhz} MHz`],
      ['Memory', `${(d.memoryKiB / 1024).toFixed(0)} MiB (${(d.freeKiB / 1024).toFixed(0)} MiB free)`], ['CPU usage', d.cpuPercent + '%']]
      .map(([k, v]) => h('tr', {}, h('th', {}, k), h('td', {}, v)))), h('h3', {}, 'CPU usage'), g);
    drawGraph(g, d.cpuHistory, 100);
  }
}

const reload = () => renderHost(ctx.view, ctx.cid, ctx.tab);

async function verb(path, label) {
  try { const r = await api('POST', path, {}); toast(r.message); } catch (e) { toast(e.message); }
  await reload();
  void label;
}

function drawNetworks(body, d) {
  const rw = !d.readOnly;
  body.append(rw ? h('div', { class: 'toolbar' }, h('button', { id: 'btn-add-network', onclick: addNetwork }, 'Add Network')) : null,
    h('table', { id: 'networks' }, h('tr', {}, ['Name', 'State', 'Autostart', 'Forwarding', 'IPv4', 'Bridge', ''].map(t => h('th', {}, t))),
      d.networks.map(n => h('tr', { dataset: { name: n.name } }, h('td', {}, n.name), h('td', {}, n.active ? 'Active' : 'Inactive'),
        h('td', {}, n.autostart ? 'On boot' : 'Never'), h('td', {}, n.forward), h('td', {}, n.ipv4 || '-'), h('td', {}, n.bridge || '-'),
        h('td', {}, rw ? [
          n.active ? h('button', { onclick: () => verb(`/c/${ctx.cid}/networks/${n.name}/stop`) }, 'Stop') : h('button', { onclick: () => verb(`/c/${ctx.cid}/networks/${n.name}/start`) }, 'Start'),
          h('button', { onclick: () => verb(`/c/${ctx.cid}/networks/${n.name}/${n.autostart ? 'noautostart' : 'autostart'}`) }, n.autostart ? 'No autostart' : 'Autostart'),
          h('button', { onclick: () => confirmDialog('Delete network', `Delete ${n.name}?`, [], async () => { await api('POST', `/c/${ctx.cid}/networks/${n.name}/delete`, {}); await reload(); }) }, 'Delete'),
        ] : '')))));
}

function addNetwork() {
  formDialog('Create a new virtual network', [
    { name: 'name', label: 'Name' },
    { name: 'ipv4', label: 'IPv4 network', value: '192.168.100.0/24' },
    { name: 'dhcpStart', label: 'DHCP start', value: '192.168.100.128' },
    { name: 'dhcpEnd', label: 'DHCP end', value: '192.168.100.254' },
    { name: 'forward', label: 'Connectivity', type: 'select', value: 'nat', options: [['isolated', 'Isolated virtual network'], ['nat', 'Forwarding: NAT'], ['route', 'Forwarding: routed']] },
    { name: 'dev', label: 'Destination device', hint: '(empty: any physical device)' },
  ], async (v) => { const r = await api('POST', `/c/${ctx.cid}/networks`, v); toast(r.message); await reload(); });
}

function drawStorage(body, d) {
  const rw = !d.readOnly;
  body.append(rw ? h('div', { class: 'toolbar' }, h('button', { id: 'btn-add-pool', onclick: addPool }, 'Add Pool')) : null);
  for (const p of d.pools) {
    body.append(h('h3', { dataset: { pool: p.name } }, `${p.name} (${p.type}) — ${p.active ? 'Active' : 'Inactive'}`),
      h('p', {}, `${p.targetPath || ''}: ${fmtBytes(p.allocation)} used of ${fmtBytes(p.capacity)}, ${fmtBytes(p.available)} free; autostart ${p.autostart ? 'on' : 'off'}`),
      rw ? h('div', { class: 'toolbar' },
        p.active ? h('button', { onclick: () => verb(`/c/${ctx.cid}/pools/${p.name}/stop`) }, 'Stop') : h('button', { onclick: () => verb(`/c/${ctx.cid}/pools/${p.name}/start`) }, 'Start'),
        p.active ? h('button', { class: 'btn-new-volume', onclick: () => addVolume(p.name) }, 'New Volume') : null,
        h('button', { onclick: () => verb(`/c/${ctx.cid}/pools/${p.name}/refresh`) }, 'Refresh'),
        h('button', { onclick: () => confirmDialog('Delete pool', `Delete ${p.name}? (its volumes stay on disk)`, [], async () => { await api('POST', `/c/${ctx.cid}/pools/${p.name}/delete`, {}); await reload(); }) }, 'Delete')) : null,
      h('table', { class: 'volumes' }, h('tr', {}, ['Volume', 'Path', 'Size', 'Allocation', ''].map(t => h('th', {}, t))),
        p.volumes.map(v => h('tr', {}, h('td', {}, v.name), h('td', {}, v.path), h('td', {}, fmtBytes(v.capacity)), h('td', {}, fmtBytes(v.allocation)),
          h('td', {}, rw ? h('button', { onclick: () => confirmDialog('Delete volume', `Delete ${v.name}?`, [], async () => { await api('POST', `/c/${ctx.cid}/pools/${p.name}/volumes/${v.name}/delete`, {}); await reload(); }) }, 'Delete') : '')))));
  }
}

function addPool() {
  formDialog('Add a New Storage Pool', [
    { name: 'name', label: 'Name' },
    { name: 'type', label: 'Type', type: 'select', value: 'dir', options: [['dir', 'dir: Filesystem Directory'], ['netfs', 'netfs: Network Exported Directory'], ['logical', 'logical: LVM Volume Group']] },
    { name: 'target', label: 'Target path' },
    { name: 'sourceHost', label: 'Host name (netfs)' }, { name: 'sourcePath', label: 'Source path (netfs)' },
    { name: 'devices', label: 'Source devices (logical)', hint: '(comma-separated)' },
  ], async (v) => { const r = await api('POST', `/c/${ctx.cid}/pools`, v); toast(r.message); await reload(); });
}

function addVolume(pool) {
  formDialog(`New volume in ${pool}`, [
    { name: 'name', label: 'Name' }, { name: 'capacityGiB', label: 'Max capacity (GiB)', type: 'number', value: 1, step: 'any' },
    { name: 'format', label: 'Format', type: 'select', options: ['qcow2', 'raw'], value: 'qcow2' },
  ], async (v) => { const r = await api('POST', `/c/${ctx.cid}/pools/${pool}/volumes`, { ...v, capacityGiB: Number(v.capacityGiB) }); toast(r.message); await reload(); });
}
