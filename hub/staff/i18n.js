// i18n.js — the staff pages' languages: JSON catalogs in i18n/, applied
// to every element with data-i18n (as text, never as HTML), the page's
// lang and dir set from the catalog, the choice kept in localStorage.
export const LANGUAGES = [
  { code: 'nl', name: 'Nederlands' }, { code: 'en', name: 'English' },
  { code: 'fr', name: 'Français' }, { code: 'ar', name: 'العربية' },
];
let catalog = {};
let fallback = {};

export function t(key, vars = {}) {
  let s = catalog[key] ?? fallback[key] ?? key;
  for (const [k, v] of Object.entries(vars)) s = s.split(`{${k}}`).join(String(v));
  return s;
}

async function load(code) {
  const r = await fetch(`i18n/${code}.json`, { credentials: 'same-origin' });
  if (!r.ok) throw new Error(`no catalog ${code}`);
  return r.json();
}

export function currentLang() {
  const saved = localStorage.getItem('welkom.lang');
  if (LANGUAGES.some((l) => l.code === saved)) return saved;
  const nav = (navigator.language || 'en').slice(0, 2);
  return LANGUAGES.some((l) => l.code === nav) ? nav : 'en';
}

// The language chosen last wins: a catalog that arrives after a newer
// choice (the saved language still loading while someone picks another)
// is dropped.
let chosen = 0;
export async function setLang(code) {
  const mine = ++chosen;
  const en = await load('en');
  const other = code === 'en' ? en : await load(code);
  if (mine !== chosen) return;
  fallback = en;
  catalog = other;
  localStorage.setItem('welkom.lang', code);
  document.documentElement.lang = code;
  document.documentElement.dir = catalog.dir === 'rtl' ? 'rtl' : 'ltr';
  for (const el of document.querySelectorAll('[data-i18n]')) el.textContent = t(el.dataset.i18n);
  document.title = t('title');
}

// Fills the language menu and applies the chosen language; onChange runs
// after every change (views re-render their own text).
export async function initLang(select, onChange) {
  for (const l of LANGUAGES) {
    const o = document.createElement('option');
    o.value = l.code;
    o.textContent = l.name;
    select.append(o);
  }
  select.value = currentLang();
  await setLang(select.value);
  select.addEventListener('change', async () => {
    await setLang(select.value);
    if (onChange) onChange();
  });
}
