// staff_content.mjs — an editor in Debian's chromium (webdriver.mjs):
// logs in, opens a service, finds the Arabic column right to left and a
// field Arabic lacks marked untranslated with what the kiosk shows
// instead, a text of markup shown as that text, changes the Arabic title, saves, previews it as the kiosk
// draws it, and publishes (accepting the confirmation). Screenshots of
// the editor on a desktop in English and on a phone in Arabic.
// usage: node staff_content.mjs URL SERVICE NEW_TITLE OUTDIR
import { openBrowser, fail } from './webdriver.mjs';

const [url, service, title, out] = process.argv.slice(2);
const { call, run, waitFor, shown, element, type, click, choose, size, shot, close, port, s } = await openBrowser(out);
const cell = (field, lang) => `#content-item tr[data-field="${field}"] textarea[data-lang="${lang}"]`;

try {
  await size(1280, 860);
  await call('POST', `${s}/url`, { url: `${url}/staff/` });
  await choose('#lang', 'en');
  await shown('#login:not([hidden])');
  await type('#login input[name=name]', 'eda');
  await type('#login input[name=password]', 'correct horse battery');
  await click('#login button[type=submit]');
  await shown('#content:not([hidden]) #content-list button');
  await run('[...document.querySelectorAll("#content-list button")].find((b) => b.textContent.endsWith(`(${arguments[0]})`)).click();',
            service);
  await shown(cell('title', 'ar'));

  // Arabic is written right to left; a field Arabic lacks is marked and
  // shows what the kiosk falls back to.
  const dir = await run('return document.querySelector(arguments[0]).dir;', cell('title', 'ar'));
  if (dir !== 'rtl') fail(`the Arabic title's text area is ${dir}`);
  const missing = await run('const a = document.querySelector(arguments[0]);' +
                            'return a && a.classList.contains("untranslated") ? a.placeholder : "";', cell('takeaway', 'ar'));
  if (!missing.includes('(en)')) fail(`the untranslated Arabic takeaway is not marked with its fallback: "${missing}"`);
  await run('document.querySelector(arguments[0]).scrollIntoView({ block: "center", inline: "center" });',
            cell('takeaway', 'ar'));
  await shot('content-en');
  // Markup in a text is that text in its text area, never an element.
  const summary = await run('return document.querySelector(arguments[0]).value;', cell('summary', 'en'));
  if (!summary.startsWith('<img src=x')) fail(`the English summary shows as "${summary}"`);
  if (await run('return document.querySelectorAll("main script, main img").length;'))
    fail('markup from a text became elements');

  // The new Arabic title, saved.
  await call('POST', `${s}/element/${await element(cell('title', 'ar'))}/clear`, {});
  await type(cell('title', 'ar'), title);
  await click('#content-save');
  await waitFor('the draft saved', 'return document.querySelector("#message").textContent.startsWith("Draft saved");');

  // The kiosk's own picture of it, in Arabic.
  await choose('#preview-lang', 'ar');
  await run('[...document.querySelectorAll("#content-item .actions button")].pop().click();');
  await waitFor('the preview', 'return !!document.querySelector("#preview img") || ' +
                '!!document.querySelector("#preview .bad");');
  const bad = await run('const b = document.querySelector("#preview .bad"); return b ? b.textContent : "";');
  if (bad) fail(`the preview failed: ${bad}`);
  await run('document.querySelector("#preview").scrollIntoView();');
  await shot('content-preview');

  // Publish, confirmed.
  await click('#content-publish');
  await call('POST', `${s}/alert/accept`, {});
  await waitFor('the version published', 'return /Published as version \\d+/.test(document.querySelector("#message").textContent);');
  const message = await run('return document.querySelector("#message").textContent;');
  console.log(message.match(/version (\d+)/)[1]);
  await waitFor('the history', 'return document.querySelectorAll("#content-history tbody tr").length >= 2;');
  const by = await run('return document.querySelector("#content-history tbody tr td:nth-child(3)").textContent;');
  if (by !== 'eda') fail(`the history says the newest version is by "${by}"`);

  // A phone, in Arabic: the page mirrors, the languages grid scrolls
  // inside its box and the page itself is no wider than the screen.
  await size(390, 844);
  await choose('#lang', 'ar');
  await waitFor('right to left', 'return document.documentElement.dir === "rtl";');
  await run('[...document.querySelectorAll("#content-list button")].find((b) => b.textContent.endsWith(`(${arguments[0]})`)).click();',
            service);
  await shown(cell('title', 'ar'));
  await run('document.querySelector(arguments[0]).scrollIntoView({ block: "center", inline: "center" });',
            cell('title', 'ar'));
  await shot('content-ar-phone');
  if (await run('return document.documentElement.scrollWidth > window.innerWidth + 1;'))
    fail('the editor is wider than a phone');

  const alert = await fetch(`http://127.0.0.1:${port}${s}/alert/text`);
  if (alert.ok) fail(`a dialog is open: ${(await alert.json()).value}`);
  const logs = await call('POST', `${s}/se/log`, { type: 'browser' });
  const errors = logs.filter((l) => l.level === 'SEVERE' && !l.message.includes('401'));
  if (errors.length) fail(`errors in the page: ${errors.map((l) => l.message).join('; ')}`);
} finally {
  await close();
}
