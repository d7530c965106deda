// The consoles (16.4): serial in xterm.js over /ws/.../serial, graphical in noVNC over /ws/.../vnc.
import { Terminal } from './lib/xterm/xterm.mjs';
import { FitAddon } from './lib/xterm/addon-fit.mjs';
import RFB from './lib/novnc/core/rfb.js';
import { h, formDialog } from './ui.js';
import { typeText } from './paste.js';

// each console area (one per open guest tab) holds its own connection, so switching tabs keeps the others alive
const open = new Map(); // area element -> { close() }

const wsUrl = (path) => `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}${path}`;

/** Closes the consoles shown inside ROOT (a console area or a guest tab), or every console when ROOT is not given. */
export function closeConsoles(root) {
  for (const [a, c] of [...open]) {
    if (root && !root.contains(a)) continue;
    try { c.close(); } catch { /* already closed */ }
    open.delete(a);
  }
}

export function openSerial(area, path) {
  closeConsoles(area);
  const status = h('p', { id: 'console-status', class: 'muted' }, 'Connecting to the serial console…');
  const box = h('div', { id: 'terminal' });
  area.replaceChildren(status, box);
  const term = new Terminal({ convertEol: false, cursorBlink: true, fontSize: 14 });
  const fit = new FitAddon();
  term.loadAddon(fit);
  term.open(box);
  fit.fit();
  const ws = new WebSocket(wsUrl(path));
  ws.binaryType = 'arraybuffer';
  const enc = new TextEncoder();
  ws.onopen = () => { status.textContent = 'Serial console connected.'; term.focus(); };
  ws.onmessage = (ev) => term.write(new Uint8Array(ev.data));
  ws.onclose = () => { status.textContent = 'Serial console disconnected.'; };
  term.onData((data) => { if (ws.readyState === WebSocket.OPEN) ws.send(enc.encode(data)); });
  window.vireoTerminal = term; // lets tests and people read the screen buffer
  open.set(area, { close: () => { ws.close(); term.dispose(); } });
}

const KEY = { ctrl: 0xffe3, alt: 0xffe9, f1: 0xffbe, backspace: 0xff08, del: 0xffff };

export function openVnc(area, path, hasPassword) {
  closeConsoles(area);
  const status = h('p', { id: 'console-status', class: 'muted' }, 'Connecting to the graphical console…');
  const screen = h('div', { id: 'vnc-screen' });
  const scale = h('input', { type: 'checkbox', id: 'vnc-scale', checked: true });
  const sendKey = h('select', { id: 'vnc-sendkey' }, h('option', { value: '' }, 'Send key…'),
    h('option', { value: 'cad' }, 'Ctrl+Alt+Delete'), h('option', { value: 'cab' }, 'Ctrl+Alt+Backspace'),
    Array.from({ length: 12 }, (_, i) => h('option', { value: 'f' + (i + 1) }, `Ctrl+Alt+F${i + 1}`)));
  // sticky modifiers: a pressed Ctrl/Alt button stays down and is released after the next key, as in virt-manager
  const sticky = { ctrl: false, alt: false };
  const stickyBtn = (name) => h('button', { id: 'vnc-sticky-' + name, onclick: (ev) => {
    sticky[name] = !sticky[name];
    ev.target.classList.toggle('active', sticky[name]);
    rfb.sendKey(KEY[name], null, sticky[name]);
  } }, name === 'ctrl' ? 'Ctrl' : 'Alt');
  // Paste types the text as key events (the guest needs no clipboard agent); the field is for browsers that deny
  // clipboard reads, Ctrl+Shift+V in the console reads the clipboard itself
  const paste = h('textarea', { id: 'vnc-paste', rows: 1, placeholder: 'Text to paste', title: 'Empty: Paste types the clipboard' });
  const doPaste = async () => {
    let text = paste.value;
    if (!text) {
      try { text = await navigator.clipboard.readText(); } catch (e) { status.textContent = 'Cannot read the clipboard: ' + e.message; return; }
    }
    const n = typeText(rfb, text);
    status.textContent = `Pasted ${n} characters as key presses.`;
    paste.value = '';
  };
  const bar = h('div', { class: 'toolbar' }, h('label', {}, scale, ' Scale to window'), sendKey, stickyBtn('ctrl'), stickyBtn('alt'),
    paste, h('button', { id: 'vnc-paste-btn', title: 'Type the text into the guest (Ctrl+Shift+V)', onclick: doPaste }, 'Paste'));
  area.replaceChildren(status, bar, screen);
  const rfb = new RFB(screen, wsUrl(path), { wsProtocols: ['binary'] });
  rfb.scaleViewport = true;
  rfb.addEventListener('connect', () => { status.textContent = 'Graphical console connected.'; });
  rfb.addEventListener('disconnect', (e) => { status.textContent = e.detail.clean ? 'Graphical console disconnected.' : 'Graphical console connection lost.'; });
  rfb.addEventListener('credentialsrequired', () => {
    formDialog('VNC password', [{ name: 'password', label: 'Password', type: 'password' }],
      async (v) => rfb.sendCredentials({ password: v.password }), 'Log in');
  });
  rfb.addEventListener('securityfailure', (e) => { status.textContent = 'VNC authentication failed: ' + (e.detail.reason || e.detail.status); });
  screen.addEventListener('keyup', () => {
    for (const name of ['ctrl', 'alt']) if (sticky[name]) { sticky[name] = false; rfb.sendKey(KEY[name], null, false); document.getElementById('vnc-sticky-' + name)?.classList.remove('active'); }
  });
  // Ctrl+Shift+V in the console pastes (capture phase: before noVNC sends the keys to the guest)
  screen.addEventListener('keydown', (ev) => {
    if (!(ev.ctrlKey && ev.shiftKey && (ev.key === 'V' || ev.key === 'v'))) return;
    ev.preventDefault(); ev.stopPropagation();
    // noVNC already sent Ctrl and Shift down: release them in the guest, or the text would arrive as control keys
    for (const [sym, code] of [[0xffe3, 'ControlLeft'], [0xffe4, 'ControlRight'], [0xffe1, 'ShiftLeft'], [0xffe2, 'ShiftRight']]) rfb.sendKey(sym, code, false);
    doPaste();
  }, true);
  scale.onchange = () => { rfb.scaleViewport = scale.checked; };
  sendKey.onchange = () => {
    const v = sendKey.value; sendKey.value = '';
    if (v === 'cad') { rfb.sendCtrlAltDel(); return; }
    const key = v === 'cab' ? KEY.backspace : KEY.f1 + Number(v.slice(1)) - 1;
    rfb.sendKey(KEY.ctrl, 'ControlLeft', true); rfb.sendKey(KEY.alt, 'AltLeft', true);
    rfb.sendKey(key, null, true); rfb.sendKey(key, null, false);
    rfb.sendKey(KEY.alt, 'AltLeft', false); rfb.sendKey(KEY.ctrl, 'ControlLeft', false);
  };
  window.vireoRfb = rfb;
  open.set(area, { close: () => rfb.disconnect() });
  void hasPassword;
}
