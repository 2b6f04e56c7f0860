// A blog on another origin than the site: the post includes the site's embed.js (the
// site serves its files with CORS, as GitHub Pages does) under the blog's own strict
// CSP, which names the site's origin. The element's worker, wasm and model come from
// the site's origin (the worker through a same-origin blob: module that imports it), and
// the iframe is sized as on the same origin.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSession, assertNoProblems } from './helpers/browser.mjs';
import { distDir } from './helpers/ensure-dist.mjs';
import { serveStatic } from './helpers/static-server.mjs';
import { waitForEmbed } from './helpers/embed-host.mjs';

let session;
let site;
let blog;
let blogDir;
before(async () => {
  session = await startSession();
  site = await serveStatic(distDir, '/site/', { 'Access-Control-Allow-Origin': '*' });
  const origin = new URL(site.url).origin;
  blogDir = mkdtempSync(join(tmpdir(), 'sampling-blog-'));
  blog = await serveStatic(blogDir, '/posts/', {
    'Content-Security-Policy': [
      "default-src 'self'",
      `script-src 'self' ${origin} 'wasm-unsafe-eval'`,
      "style-src 'self'",
      "img-src 'self' data: blob:",
      `worker-src blob: ${origin}`,
      `connect-src ${origin}`,
      `frame-src ${origin}`,
    ].join('; '),
  });
});
after(async () => {
  await session?.close();
  await site?.close();
  await blog?.close();
  if (blogDir) rmSync(blogDir, { recursive: true, force: true });
});

test('embeds from another origin: element and iframe', { timeout: 120_000 }, async () => {
  assert.notEqual(new URL(site.url).origin, new URL(blog.url).origin);
  writeFileSync(join(blogDir, 'post.html'), `<!doctype html>
<html lang="en"><head><meta charset="utf-8" /><title>post</title><link rel="icon" href="data:," /></head>
<body>
<sampling-tokenize id="t" text="hello world" draws="200"></sampling-tokenize>
<iframe src="${site.url}embed.html#demo=tokenize&amp;draws=100" width="100%" height="300" title="demo"></iframe>
<script type="module" src="${site.url}embed.js"></script>
</body></html>`);
  const page = await session.newPage();
  await page.goto(`${blog.url}post.html`);
  assert.equal(await waitForEmbed(page, '#t', ['done', 'error']), 'done');
  assert.equal(await page.$eval('#t', (el) => el.shadowRoot.querySelector('[data-testid="tok-normalized"]').textContent), '▁hello▁world');
  assert.ok(site.requests.some((r) => /tokenize\.worker/.test(r)), 'the worker script came from the site');
  assert.ok(site.requests.some((r) => /models\/en-unigram\.model$/.test(r)), 'so did the model');
  await page.waitForFunction(() => document.querySelector('iframe').dataset.sized === 'true', null, { timeout: 60_000 });
  // Fitted to the lab's content once it has rendered (the first report can come before the
  // lab's module has loaded): well above the 300 px the post gives it.
  await page.waitForFunction(() => document.querySelector('iframe').clientHeight > 600, null, { timeout: 60_000 })
    .catch(() => {});
  const height = await page.$eval('iframe', (el) => el.clientHeight);
  assert.ok(height > 600, `the cross-origin frame was fitted (${height} px)`);
  assertNoProblems(page);
  await page.close();
});
