// The Clone dialog (virt-manager's: new name, clone or share each disk, new MACs) and the Migrate dialog (12.4).
import { api, toast, formDialog } from './ui.js';

export async function openClone(g, done) {
  let info;
  try { info = await api('GET', `/c/${g.conn}/d/${g.uuid}/clone`); } catch (e) { toast(e.message); return; }
  const fields = [{ name: 'name', label: 'Name', value: info.name }];
  info.disks.forEach((d, i) => fields.push({ name: 'disk' + i, label: `Disk ${d.target} (${d.source})`, type: 'select', value: 'clone',
    options: [['clone', `Clone this disk → ${d.clonePath}`], ['share', 'Share disk with ' + g.name]] }));
  info.macs.forEach((m, i) => fields.push({ name: 'mac' + i, label: `NIC ${m || i + 1}: new MAC`, hint: '(empty: generated)' }));
  if (info.disks.length === 0) fields.push({ type: 'note', name: 'nodisks', label: 'No writable disk to clone.' });
  formDialog(`Clone Virtual Machine ${g.name}`, fields, async (v) => {
    const r = await api('POST', `/c/${g.conn}/d/${g.uuid}/clone`, {
      name: v.name, disks: info.disks.map((_, i) => v['disk' + i]), macs: info.macs.map((_, i) => v['mac' + i].trim()),
    });
    toast(r.message);
    await done();
  }, 'Clone');
}

export function openMigrate(g, connections, done) {
  const targets = connections.filter(c => c.id !== g.conn && c.state === 'Connected' && !c.readOnly);
  const { form } = formDialog(`Migrate ${g.name}`, [
    { name: 'dest', label: 'New host', type: 'select', options: targets.length ? targets.map(c => [c.id, c.hostname ? `${c.hostname} (${c.uri})` : c.uri]) : [['', '(no other connection)']] },
    { name: 'mode', label: 'Mode', type: 'select', value: g.active ? 'live' : 'offline',
      options: [['live', 'Live (the guest keeps running)'], ['offline', 'Offline (move the definition only)']] },
    { name: 'persistent', label: 'Keep the definition on the new host', type: 'checkbox', value: true },
    { name: 'undefineSource', label: 'Remove the definition from this host', type: 'checkbox', value: true },
    { type: 'note', name: 'progress', label: '' },
  ], async (v) => {
    const progress = form.querySelector('#note-progress');
    let running = true;
    const poll = async () => {
      while (running) {
        try {
          const j = await api('GET', `/c/${g.conn}/d/${g.uuid}/job`);
          if (running && j.type !== 'None') {
            const pct = j.dataTotal ? Math.round(100 * j.dataProcessed / j.dataTotal) : 0;
            progress.textContent = `Migrating: ${pct}% of ${(j.dataTotal / 1048576).toFixed(0)} MiB, ${(j.timeElapsedMs / 1000).toFixed(1)} s`;
          }
        } catch { /* the guest left this host */ }
        await new Promise(r => setTimeout(r, 500));
      }
    };
    progress.textContent = 'Migrating…';
    poll();
    try {
      const r = await api('POST', `/c/${g.conn}/d/${g.uuid}/migrate`, { dest: v.dest, mode: v.mode, persistent: v.persistent, undefineSource: v.undefineSource });
      toast(r.message);
    } finally { running = false; progress.textContent = ''; }
    await done();
  }, 'Migrate');
}
