// webdriver.mjs — Debian's chromium driven through chromedriver's
// WebDriver protocol (plain HTTP on loopback, so nothing comes from npm),
// for the staff console's browser tests (staff_inbox.mjs, staff_content.mjs)
// and benchmark (bench/staff_paint.mjs): a browser, and the few commands
// they use.
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import net from 'node:net';

// One step of the page, on a busy machine; a hub built with a sanitizer
// is several times slower (tests/shell/lib/staff.sh sets the variable).
export const WAIT_MS = Number(process.env.WELKOM_BROWSER_WAIT_MS) || 10000;
const ELEMENT = 'element-6066-11e4-a52e-4f735466cecf';

export const fail = (why) => { console.error(`  ${why}`); process.exit(1); };

// A port nobody listens on: the kernel's choice, released for chromedriver.
const freePort = () => new Promise((resolve) => {
  const s = net.createServer().listen(0, '127.0.0.1', () => { const p = s.address().port; s.close(() => resolve(p)); });
});

// A browser with a fresh profile of its own in out (nothing saved by an
// earlier browser there, such as a language); screenshots go in out too.
export async function openBrowser(out) {
  const port = await freePort();
  const driver = spawn(process.env.CHROMEDRIVER || '/usr/bin/chromedriver', [`--port=${port}`],
                       { stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise((resolve, reject) => {
    driver.stdout.on('data', (d) => { if (String(d).includes('started successfully')) resolve(); });
    driver.on('exit', (code) => reject(new Error(`chromedriver exited with ${code}`)));
  });

  async function call(method, path, body) {
    const r = await fetch(`http://127.0.0.1:${port}${path}`, {
      method, headers: { 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = await r.json();
    if (!r.ok) throw new Error(`${method} ${path}: ${json.value && json.value.message}`);
    return json.value;
  }

  // Chromium is started here, listening for its debugger on 127.0.0.1, and
  // chromedriver attaches to that address: left to itself chromedriver
  // reaches the browser as "localhost", which a minimal root without
  // /etc/hosts cannot resolve.
  const debugPort = await freePort();
  const browser = spawn(process.env.CHROMIUM || '/usr/bin/chromium', [
    '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync',
    `--user-data-dir=${mkdtempSync(`${out}/profile-`)}`, '--remote-debugging-address=127.0.0.1',
    `--remote-debugging-port=${debugPort}`, 'about:blank'], { stdio: 'ignore' });
  for (const until = Date.now() + WAIT_MS; ;) {
    try {
      if ((await fetch(`http://127.0.0.1:${debugPort}/json/version`)).ok)
        break;
    } catch { /* not listening yet */ }
    if (Date.now() > until)
      fail(`chromium did not listen on 127.0.0.1:${debugPort}`);
    await new Promise((r) => setTimeout(r, 50));
  }

  const session = await call('POST', '/session', { capabilities: { alwaysMatch: {
    browserName: 'chrome', unhandledPromptBehavior: 'ignore',
    'goog:loggingPrefs': { browser: 'ALL' },
    'goog:chromeOptions': { debuggerAddress: `127.0.0.1:${debugPort}` },
  } } });
  const s = `/session/${session.sessionId}`;

  const run = (script, ...args) => call('POST', `${s}/execute/sync`, { script, args });
  async function waitFor(what, script, ...args) {
    const until = Date.now() + WAIT_MS;
    while (!(await run(script, ...args))) {
      if (Date.now() > until) {
        // What the page said last (an error from the hub shows there).
        const said = await run('const m = document.querySelector("#message"); return m ? m.textContent : "";')
          .catch(() => '');
        fail(`waited ${WAIT_MS} ms for ${what}; the page says "${said}"`);
      }
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  const element = async (sel) => (await call('POST', `${s}/element`, { using: 'css selector', value: sel }))[ELEMENT];
  return {
    call, run, waitFor, element, port, s,
    shown: (sel) => waitFor(sel, 'return !!document.querySelector(arguments[0]);', sel),
    type: async (sel, text) => call('POST', `${s}/element/${await element(sel)}/value`, { text }),
    click: async (sel) => call('POST', `${s}/element/${await element(sel)}/click`, {}),
    choose: (sel, value) => run('const e = document.querySelector(arguments[0]); e.value = arguments[1];' +
                                'e.dispatchEvent(new Event("change", { bubbles: true }));', sel, value),
    size: (width, height) => call('POST', `${s}/window/rect`, { width, height }),
    shot: async (name) => writeFileSync(`${out}/${name}.png`, Buffer.from(await call('GET', `${s}/screenshot`), 'base64')),
    close: async () => { await call('DELETE', s).catch(() => {}); driver.kill(); browser.kill(); },
  };
}
