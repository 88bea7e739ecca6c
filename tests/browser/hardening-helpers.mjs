// Helpers for the hardening tests (tests/browser/hardening-*.test.mjs): a static server that can
// send a Content-Security-Policy header and records every request, an init script that sets
// traps (a flag any injected payload would set, dialogs, listener / timer / observer counters),
// and a scan of the document and every open shadow root for markup that could run script.
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { join, extname, normalize } from 'node:path';
import { DIST } from './helpers.mjs';

const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css', '.png': 'image/png' };

/**
 * Serves web/dist at / plus extra pages (path -> html). `csp(path)` returns the policy header
 * for a path (or null). Every request path is recorded in `requests`.
 */
export async function serveDist({ pages = {}, csp = () => null } = {}) {
  const requests = [];
  const server = createServer(async (req, res) => {
    const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    requests.push(path);
    const headers = {};
    const policy = csp(path);
    if (policy) headers['content-security-policy'] = policy;
    if (pages[path] != null) { res.writeHead(200, { ...headers, 'content-type': TYPES['.html'] }); res.end(pages[path]); return; }
    const file = normalize(join(DIST, path === '/' ? 'index.html' : path));
    if (!file.startsWith(DIST)) { res.writeHead(403); res.end(); return; }
    try {
      const body = await readFile(file);
      res.writeHead(200, { ...headers, 'content-type': TYPES[extname(file)] || 'application/octet-stream' });
      res.end(body);
    } catch { res.writeHead(404); res.end('not found'); }
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${server.address().port}`;
  return { url, requests, close: () => new Promise((r) => server.close(r)) };
}

/**
 * Runs before any page script. Sets:
 * - window.__pwned: a setter that records any attempt (every payload sets it);
 * - window.__trap.dialogs: alert/confirm/prompt calls; __trap.csp: securitypolicyviolation events;
 * - __trap.count(): net listeners on window/document, live intervals/timeouts, pending rAFs,
 *   observed IntersectionObserver/ResizeObserver targets.
 * Math.random is seeded when window.name carries `seed=N` (set with `seedRandom` below).
 */
export const TRAP_SCRIPT = `(() => {
  const trap = { pwned: [], dialogs: [], csp: [] };
  Object.defineProperty(window, '__trap', { value: trap, enumerable: false });
  Object.defineProperty(window, '__pwned', { get() { return trap.pwned.length ? trap.pwned[0] : undefined; }, set(v) { trap.pwned.push(String(v)); }, enumerable: false, configurable: false });
  for (const k of ['alert', 'confirm', 'prompt', 'print']) { const f = window[k]; window[k] = function (...a) { trap.dialogs.push(k + ':' + a.join(',')); }; }
  document.addEventListener('securitypolicyviolation', (e) => trap.csp.push(e.violatedDirective + ' ' + (e.blockedURI || '') + ' ' + (e.sourceFile || '') + ':' + e.lineNumber), true);
  // net listeners on window and document (what an embed could leak)
  const live = new Map();
  const key = (t, type, l, o) => { const c = typeof o === 'boolean' ? o : !!(o && o.capture); return [t === window ? 'w' : 'd', type, c].join('|'); };
  const add = EventTarget.prototype.addEventListener, rem = EventTarget.prototype.removeEventListener;
  const lists = new WeakMap();
  EventTarget.prototype.addEventListener = function (type, l, o) {
    if ((this === window || this === document) && l) {
      const k = key(this, type, l, o); let m = lists.get(l); if (!m) lists.set(l, m = new Set());
      if (!m.has(k)) { m.add(k); live.set(k, (live.get(k) || 0) + 1); }
    }
    return add.call(this, type, l, o);
  };
  EventTarget.prototype.removeEventListener = function (type, l, o) {
    if ((this === window || this === document) && l) {
      const k = key(this, type, l, o); const m = lists.get(l);
      if (m && m.has(k)) { m.delete(k); live.set(k, live.get(k) - 1); }
    }
    return rem.call(this, type, l, o);
  };
  const intervals = new Set(), rafs = new Set();
  const si = window.setInterval, ci = window.clearInterval, ra = window.requestAnimationFrame, ca = window.cancelAnimationFrame;
  window.setInterval = function (...a) { const id = si.apply(window, a); intervals.add(id); return id; };
  window.clearInterval = function (id) { intervals.delete(id); return ci.call(window, id); };
  window.requestAnimationFrame = function (f) { const id = ra.call(window, (t) => { rafs.delete(id); f(t); }); rafs.add(id); return id; };
  window.cancelAnimationFrame = function (id) { rafs.delete(id); return ca.call(window, id); };
  const observed = { IntersectionObserver: 0, ResizeObserver: 0 };
  for (const name of Object.keys(observed)) {
    const C = window[name]; if (!C) continue;
    const o = C.prototype.observe, d = C.prototype.disconnect, u = C.prototype.unobserve;
    const per = new WeakMap();
    C.prototype.observe = function (t, ...r) { const s = per.get(this) || new Set(); per.set(this, s); if (!s.has(t)) { s.add(t); observed[name]++; } return o.call(this, t, ...r); };
    C.prototype.unobserve = function (t) { const s = per.get(this); if (s && s.delete(t)) observed[name]--; return u.call(this, t); };
    C.prototype.disconnect = function () { const s = per.get(this); if (s) { observed[name] -= s.size; s.clear(); } return d.call(this); };
  }
  trap.count = () => {
    const listeners = {}; for (const [k, n] of live) if (n) listeners[k] = n;
    return { listeners, intervals: intervals.size, rafs: rafs.size, observed: { ...observed } };
  };
  const m = /seed=(\\d+)/.exec(window.name || '');
  if (m) { let s = Number(m[1]) >>> 0; Math.random = () => { s = (s + 0x6D2B79F5) >>> 0; let t = s; t = Math.imul(t ^ (t >>> 15), t | 1); t ^= t + Math.imul(t ^ (t >>> 7), t | 61); return ((t ^ (t >>> 14)) >>> 0) / 4294967296; }; }
})();`;

/**
 * Every element in the document and in every open shadow root that could run script or load
 * something: script/iframe/object/embed/img/svg/image/link/meta/base/frame/audio/video/form,
 * an on* attribute, or a javascript: URL. Returns short descriptions (page scripts excluded by
 * `allowScripts`, the number of <script> elements the page itself has).
 */
export function scanForMarkup(page) {
  return page.evaluate(() => {
    const found = [];
    const BAD = new Set(['SCRIPT', 'IFRAME', 'OBJECT', 'EMBED', 'IMG', 'SVG', 'IMAGE', 'LINK', 'META', 'BASE', 'FRAME', 'AUDIO', 'VIDEO', 'FORM', 'TEMPLATE', 'STYLE']);
    const walk = (root, inShadow) => {
      for (const el of root.querySelectorAll('*')) {
        const tag = el.tagName.toUpperCase();
        // the page's own head and body scripts/styles, and the element's own <style>, are expected
        const own = (!inShadow && (el.closest('head') || (tag === 'SCRIPT' && el.parentNode === document.body))) || (inShadow && tag === 'STYLE' && el.parentNode === root) || (tag === 'FORM' && el.classList.contains('controls'));
        if (own) continue;
        if (BAD.has(tag)) found.push(`<${tag.toLowerCase()}>`);
        for (const a of el.attributes) {
          if (/^on/i.test(a.name)) found.push(`${tag.toLowerCase()}[${a.name}]`);
          if (/^\s*(javascript|data|vbscript):/i.test(a.value) && /^(href|src|action|formaction|xlink:href|srcdoc)$/i.test(a.name)) found.push(`${tag.toLowerCase()}[${a.name}=${a.value.slice(0, 20)}]`);
        }
        if (el.shadowRoot) walk(el.shadowRoot, true);
      }
    };
    walk(document, false);
    return found;
  });
}

/** Playwright console/pageerror/request collector that allows nothing but the listed URLs (prefixes). */
export function watch(page, allowed = []) {
  const problems = [];
  page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') problems.push(`console ${m.type()}: ${m.text()}`); });
  page.on('pageerror', (e) => problems.push(`uncaught: ${e.message}`));
  page.on('request', (r) => { const u = r.url(); if (!allowed.some((a) => u === a || u.startsWith(`${a}?`) || u.startsWith(`${a}#`))) problems.push(`request: ${u.slice(0, 200)}`); });
  page.on('dialog', (d) => { problems.push(`dialog: ${d.message()}`); d.dismiss().catch(() => {}); });
  return problems;
}

/** A deterministic PRNG (mulberry32). */
export function prng(seed) {
  let s = seed >>> 0;
  const next = () => { s = (s + 0x6D2B79F5) >>> 0; let t = s; t = Math.imul(t ^ (t >>> 15), t | 1); t ^= t + Math.imul(t ^ (t >>> 7), t | 61); return ((t ^ (t >>> 14)) >>> 0) / 4294967296; };
  return { next, int: (n) => Math.floor(next() * n), pick: (a) => a[Math.floor(next() * a.length)] };
}
