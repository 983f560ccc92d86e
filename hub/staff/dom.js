// dom.js — building the pages' elements: text goes in through
// textContent only, so whatever a resident or a kiosk sent is shown as
// text and never runs.
export function el(tag, props = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(props)) {
    if (k === 'class') e.className = v;
    else if (k === 'dataset') Object.assign(e.dataset, v);
    else if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
    else e[k] = v;
  }
  for (const c of children) e.append(c instanceof Node ? c : document.createTextNode(String(c ?? '')));
  return e;
}

export function clear(node) { node.replaceChildren(); }

export function when(ms, lang) {
  if (!ms) return '—';
  return new Date(ms).toLocaleString(lang, { dateStyle: 'short', timeStyle: 'short' });
}

export function span(seconds) {
  if (seconds < 120) return `${Math.max(0, Math.round(seconds))} s`;
  if (seconds < 7200) return `${Math.round(seconds / 60)} min`;
  if (seconds < 172800) return `${Math.round(seconds / 3600)} h`;
  return `${Math.round(seconds / 86400)} d`;
}
