// vireo-web's page: log in, then a hash router over the screens (main window, details, host details, new VM).
import { api, h, session, toast, formDialog } from './ui.js';
import { renderMain, refreshMain } from './main.js';
import { refreshDetails } from './details.js';
import { renderHost } from './host.js';
import { openNewVm } from './newvm.js';
import { restoreTabs, showGuest, showMainTab, closeAllTabs } from './tabs.js';

const view = document.getElementById('view');
let events = null;

async function start() {
  try {
    const me = await api('GET', '/me');
    Object.assign(session, me);
    loggedIn();
  } catch {
    renderLogin();
  }
}

function renderLogin(message) {
  document.getElementById('topbar').hidden = true;
  const user = h('input', { id: 'login-user', name: 'user', autocomplete: 'username', autofocus: true });
  const pass = h('input', { id: 'login-password', name: 'password', type: 'password', autocomplete: 'current-password' });
  const err = h('p', { class: 'error', id: 'login-error' }, message || '');
  const form = h('form', { id: 'login' }, h('h2', {}, 'Vireo — log in'),
    h('label', {}, 'User ', user), h('label', {}, 'Password ', pass), err,
    h('button', { type: 'submit', id: 'login-submit' }, 'Log in'));
  form.onsubmit = async (ev) => {
    ev.preventDefault();
    err.textContent = '';
    try {
      Object.assign(session, await api('POST', '/login', { user: user.value, password: pass.value }));
      loggedIn();
    } catch (e) {
      err.textContent = e.message;
    }
  };
  view.replaceChildren(form);
}

function loggedIn() {
  document.getElementById('topbar').hidden = false;
  document.getElementById('whoami').textContent = session.user;
  if (!events) {
    events = new EventSource('/api/events');
    events.onmessage = (ev) => onChange(ev.data);
  }
  restoreTabs();
  route();
}

// a change notice from the server: refetch what the current screen shows
function onChange(topic) {
  if (topic === 'hello') return;
  const r = currentRoute();
  if (r.name === 'main') refreshMain();
  else if (r.name === 'details') refreshDetails();
}

function currentRoute() {
  const parts = location.hash.replace(/^#\/?/, '').split('/').map(decodeURIComponent);
  if (parts[0] === 'd' && parts.length >= 3) return { name: 'details', cid: parts[1], uuid: parts[2], tab: parts[3] || 'overview' };
  if (parts[0] === 'host' && parts.length >= 2) return { name: 'host', cid: parts[1], tab: parts[2] || 'overview' };
  return { name: 'main' };
}

function route() {
  if (!session.user) return;
  const r = currentRoute();
  if (r.name === 'details') { showGuest(view, r.cid, r.uuid, r.tab); return; }
  showMainTab();
  if (r.name === 'host') renderHost(view, r.cid, r.tab);
  else renderMain(view);
}

window.addEventListener('hashchange', route);

document.getElementById('btn-logout').onclick = async () => {
  await api('POST', '/logout').catch(() => {});
  session.user = null; session.csrf = '';
  if (events) { events.close(); events = null; }
  closeAllTabs();
  location.hash = '#/';
  renderLogin('Logged out.');
};

document.getElementById('btn-add-conn').onclick = () => {
  formDialog('Add Connection', [
    { name: 'hypervisor', label: 'Hypervisor', type: 'select', options: [['qemu', 'QEMU/KVM'], ['test', 'Test']], value: 'qemu' },
    { name: 'transport', label: 'Transport', type: 'select', options: [['', 'Local'], ['ssh', 'SSH'], ['tls', 'TLS'], ['tcp', 'TCP']], value: '' },
    { name: 'host', label: 'Host name' }, { name: 'username', label: 'User name' },
    { name: 'uri', label: 'or a URI', hint: 'e.g. test+unix:///default?socket=/path/vireo-sock' },
    { name: 'readOnly', label: 'Read-only', type: 'checkbox' },
  ], async (v) => {
    let uri = v.uri.trim();
    if (!uri) {
      const path = v.hypervisor === 'test' ? '/default' : '/system';
      if (v.transport && !v.host) { const e = new Error('enter the host name'); e.field = 'host'; throw e; }
      uri = v.transport ? `${v.hypervisor}+${v.transport}://${v.username ? v.username + '@' : ''}${v.host}${path}` : `${v.hypervisor}://${path}`;
    }
    await api('POST', '/connections', { uri, readOnly: v.readOnly });
    toast('Connection added: ' + uri);
    refreshMain();
  }, 'Connect');
};

document.getElementById('btn-prefs').onclick = async () => {
  const prefs = await api('GET', '/preferences');
  formDialog('Preferences', [{ name: 'pollSeconds', label: 'Update status every (seconds)', type: 'number', value: prefs.pollSeconds }],
    async (v) => { await api('POST', '/preferences', { pollSeconds: Number(v.pollSeconds) }); toast('Preferences saved'); }, 'Save');
};

document.getElementById('btn-new-vm').onclick = () => openNewVm();

document.getElementById('view-menu').addEventListener('change', (ev) => {
  const col = ev.target.dataset.col;
  if (col) document.body.classList.toggle('hide-' + col, !ev.target.checked);
});

// keyboard shortcuts: Ctrl+N new VM (as virt-manager)
document.addEventListener('keydown', (ev) => {
  if (ev.ctrlKey && ev.key === 'n' && session.user) { ev.preventDefault(); openNewVm(); }
});

start();
