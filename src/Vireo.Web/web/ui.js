// Small DOM and API helpers shared by every screen.
export const session = { user: null, csrf: '' };

/** Calls the API; a failure throws an Error carrying the server's message and the field it names. */
export async function api(method, path, body) {
  const opts = { method, headers: {} };
  if (method !== 'GET') opts.headers['X-Vireo-Csrf'] = session.csrf;
  if (body !== undefined) { opts.headers['Content-Type'] = 'application/json'; opts.body = JSON.stringify(body); }
  const res = await fetch('/api' + path, opts);
  const text = await res.text();
  let data = null;
  try { data = text ? JSON.parse(text) : null; } catch { data = null; }
  if (!res.ok) {
    const err = new Error(data?.error || `HTTP ${res.status}`);
    err.field = data?.field; err.status = res.status;
    throw err;
  }
  return data;
}

/** h('div', {class: 'x', onclick: f}, child, ...) */
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else if (k === 'dataset') Object.assign(el.dataset, v);
    else el.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children.flat()) if (c !== null && c !== undefined && c !== false) el.append(c instanceof Node ? c : String(c));
  return el;
}

export function toast(msg) {
  const t = document.getElementById('toast');
  t.textContent = msg; t.style.display = 'block';
  clearTimeout(toast.timer);
  toast.timer = setTimeout(() => { t.style.display = 'none'; }, 6000);
}

/** Draws a sparkline or graph of values 0..max. */
export function drawGraph(canvas, values, max, color) {
  const ctx = canvas.getContext('2d');
  const w = canvas.width, hgt = canvas.height;
  ctx.clearRect(0, 0, w, hgt);
  if (!values || values.length < 2) return;
  const top = Math.max(max || 0, ...values, 1e-9);
  ctx.strokeStyle = color || '#1f6feb'; ctx.lineWidth = 1.5; ctx.beginPath();
  values.forEach((v, i) => {
    const x = (i / (values.length - 1)) * (w - 2) + 1, y = hgt - 1 - (v / top) * (hgt - 2);
    i ? ctx.lineTo(x, y) : ctx.moveTo(x, y);
  });
  ctx.stroke();
}

/**
 * A form in the shared dialog. fields: [{name, label, type: text|number|select|checkbox|password, options, value, hint}].
 * onSubmit(values) may throw an Error with .field: the message then shows under that field (or at the bottom);
 * the dialog stays open with what was typed.
 */
export function formDialog(title, fields, onSubmit, submitLabel = 'Finish', onChange) {
  const dlg = document.getElementById('dialog');
  const form = document.getElementById('dialog-form');
  form.replaceChildren();
  form.append(h('h3', {}, title));
  const inputs = {};
  for (const f of fields) {
    if (f.type === 'note') { form.append(h('p', { class: 'muted', id: 'note-' + f.name }, f.label)); continue; }
    let input;
    if (f.type === 'select') {
      input = h('select', { name: f.name, id: 'f-' + f.name }, (f.options || []).map(o => {
        const [val, text] = Array.isArray(o) ? o : [o, o];
        return h('option', { value: val, selected: String(f.value) === String(val) }, text);
      }));
    } else {
      input = h('input', { name: f.name, id: 'f-' + f.name, type: f.type || 'text', value: f.type === 'checkbox' ? undefined : (f.value ?? ''),
        checked: f.type === 'checkbox' && f.value, list: f.list, step: f.step });
    }
    inputs[f.name] = input;
    if (onChange) input.addEventListener('input', () => onChange(values(), form));
    form.append(h('label', { id: 'row-' + f.name }, f.label + ' ', input, f.hint ? h('span', { class: 'muted' }, ' ' + f.hint) : null,
      h('span', { class: 'field-error', id: 'err-' + f.name })));
  }
  const general = h('p', { class: 'error', id: 'dialog-error' });
  const warn = h('p', { class: 'warning', id: 'dialog-warning' });
  const ok = h('button', { type: 'submit', id: 'dialog-ok', value: 'ok' }, submitLabel);
  const cancel = h('button', { type: 'button', id: 'dialog-cancel', onclick: () => dlg.close() }, 'Cancel');
  form.append(warn, general, h('div', { class: 'toolbar' }, ok, cancel));
  function values() {
    const v = {};
    for (const [k, el] of Object.entries(inputs)) v[k] = el.type === 'checkbox' ? el.checked : el.value;
    return v;
  }
  form.onsubmit = async (ev) => {
    ev.preventDefault();
    form.querySelectorAll('.field-error').forEach(e => e.textContent = '');
    general.textContent = '';
    ok.disabled = true;
    try {
      await onSubmit(values());
      dlg.close();
    } catch (e) {
      const slot = e.field && form.querySelector('#err-' + CSS.escape(e.field));
      (slot || general).textContent = e.message;
    } finally { ok.disabled = false; }
  };
  if (onChange) onChange(values(), form);
  dlg.showModal();
  return { form, inputs };
}

export function confirmDialog(title, text, extra, onYes) {
  return formDialog(title, [{ type: 'note', name: 'text', label: text }, ...(extra || [])], onYes, 'Yes');
}

export function fmtMiB(kib) { return (kib / 1024).toFixed(0) + ' MiB'; }
export function fmtBytes(b) {
  const u = ['B', 'KiB', 'MiB', 'GiB', 'TiB']; let i = 0;
  while (b >= 1024 && i < u.length - 1) { b /= 1024; i++; }
  return `${b.toFixed(i ? 1 : 0)} ${u[i]}`;
}
