// The main window's keyboard shortcuts and their help overlay ('?'). Keys are ignored while typing in a field or
// while a dialog is open, so they never steal a letter from a form.
import { h } from './ui.js';

export const shortcuts = [
  ['/', 'Focus the filter box'],
  ['j  or  ↓', 'Next guest (Shift extends the selection)'],
  ['k  or  ↑', 'Previous guest (Shift extends the selection)'],
  ['Home / End', 'First / last guest'],
  ['Space', 'Add or remove the current guest from the selection'],
  ['Enter', 'Open the current guest\'s details'],
  ['Ctrl+A', 'Select every guest the filter shows'],
  ['Esc', 'Clear the selection (in the filter box: clear the filter)'],
  ['Delete', 'Delete the selected guests (asks first)'],
  ['Ctrl+N', 'New VM'],
  ['?', 'Show this help'],
];

/** True when a key press belongs to what the user is typing, not to the shortcuts. */
export function typing(ev) {
  const t = ev.target;
  if (document.querySelector('dialog[open]')) return true;
  if (!(t instanceof Element)) return false;
  if (t.tagName === 'INPUT') return !['checkbox', 'radio', 'button', 'submit', 'reset'].includes(t.type);
  // Enter and Space on a focused button or link press it
  if ((t.tagName === 'BUTTON' || t.tagName === 'A' || t.tagName === 'SUMMARY') && (ev.key === 'Enter' || ev.key === ' ')) return true;
  return t.isContentEditable || t.tagName === 'TEXTAREA' || t.tagName === 'SELECT';
}

export function showShortcutHelp() {
  let dlg = document.getElementById('shortcut-help');
  if (!dlg) {
    dlg = h('dialog', { id: 'shortcut-help', 'aria-label': 'Keyboard shortcuts' },
      h('h3', {}, 'Keyboard shortcuts'),
      h('table', { class: 'shortcut-table' }, h('tbody', {}, shortcuts.map(([k, what]) => h('tr', {}, h('td', {}, h('kbd', {}, k)), h('td', {}, what))))),
      h('p', { class: 'muted' }, 'Shortcuts are off while you type in a field or a dialog is open.'),
      h('div', { class: 'toolbar' }, h('button', { id: 'shortcut-help-close', onclick: () => dlg.close() }, 'Close')));
    document.body.append(dlg);
  }
  if (!dlg.open) dlg.showModal();
}
