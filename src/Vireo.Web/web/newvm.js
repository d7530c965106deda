// The New VM wizard (2.2, 3.2): name, install method, OS variant, storage, network, memory and vCPUs; Finish starts it.
import { api, h, toast, formDialog } from './ui.js';

export async function openNewVm() {
  const ov = await api('GET', '/overview');
  const conns = ov.connections.filter(c => c.state === 'Connected' && !c.readOnly);
  if (conns.length === 0) { toast('No writable connection is connected'); return; }
  const cid = conns[0].id;
  const limits = await api('GET', `/c/${cid}/vm-limits`);
  let list = document.getElementById('os-variants');
  if (!list) { list = h('datalist', { id: 'os-variants' }); document.body.append(list); }
  list.replaceChildren(...limits.osVariants.map(v => h('option', { value: v.id }, v.name)));
  formDialog('New VM', [
    { name: 'conn', label: 'Connection', type: 'select', options: conns.map(c => [c.id, c.uri]), value: cid },
    { name: 'name', label: 'Name', hint: '(letters, digits, - _ .)' },
    { name: 'installMethod', label: 'Install from', type: 'select', value: 'iso',
      options: [['iso', 'Local install media (ISO image or CDROM)'], ['url', 'Network install (HTTP/HTTPS install tree URL)'], ['pxe', 'Network boot (PXE)'], ['import', 'Import existing disk image']] },
    { name: 'media', label: 'ISO / CDROM path, or install tree URL' },
    { name: 'osVariant', label: 'OS variant', list: 'os-variants', value: 'generic' },
    { name: 'memoryMib', label: 'Memory (MiB)', type: 'number', value: 512 },
    { name: 'vcpus', label: 'CPUs', type: 'number', value: 1 },
    { name: 'storageMode', label: 'Storage', type: 'select', value: 'new', options: [['new', 'Create a disk image'], ['existing', 'Select existing storage'], ['none', 'No storage']] },
    { name: 'pool', label: 'Storage pool', type: 'select', options: limits.pools, value: limits.pools.includes('default') ? 'default' : limits.pools[0] },
    { name: 'sizeGiB', label: 'Disk size (GiB)', type: 'number', value: 1, step: 'any' },
    { name: 'diskPath', label: 'Existing disk path' },
    { name: 'networkType', label: 'Network', type: 'select', value: limits.networks.length ? 'network' : 'none',
      options: [['network', 'Virtual network'], ['bridge', 'Shared device (bridge)'], ['none', 'No network']] },
    { name: 'networkSource', label: 'Network or device', value: limits.networks[0] || '' },
    { name: 'start', label: 'Start the guest and open its console', type: 'checkbox', value: true },
  ], async (v) => {
    const r = await api('POST', `/c/${v.conn}/vms`, {
      name: v.name, installMethod: v.installMethod, media: v.media, osVariant: v.osVariant,
      memoryMib: Number(v.memoryMib), vcpus: Number(v.vcpus), storageMode: v.storageMode, pool: v.pool,
      sizeGiB: Number(v.sizeGiB), diskPath: v.diskPath, networkType: v.networkType, networkSource: v.networkSource, start: v.start,
    });
    toast(`${r.name} created` + (r.warnings.length ? ' — ' + r.warnings.join(' ') : ''));
    location.hash = v.start ? `#/d/${v.conn}/${r.uuid}/console` : `#/d/${v.conn}/${r.uuid}/overview`;
  }, 'Finish', (v, form) => {
    // the guide's warnings, shown while typing
    const warn = [];
    if (Number(v.memoryMib) > limits.hostMemoryMiB) warn.push(`More memory than the host has (${limits.hostMemoryMiB} MiB).`);
    if (Number(v.vcpus) > limits.hostCpus) warn.push(`More virtual CPUs than the host's ${limits.hostCpus} processors hurts performance.`);
    form.querySelector('#dialog-warning').textContent = warn.join(' ');
    const hide = { media: !['iso', 'url'].includes(v.installMethod), pool: v.storageMode !== 'new', sizeGiB: v.storageMode !== 'new',
      diskPath: v.storageMode !== 'existing', networkSource: v.networkType === 'none' };
    for (const [name, hidden] of Object.entries(hide)) form.querySelector('#row-' + name).hidden = hidden;
  });
}
