import assert from 'node:assert/strict';
import { test } from 'node:test';
import { harnessHtml } from '../../../../src/browser/harness-page.js';
import { hlsJsAdapter } from '../../../../src/browser/hlsjs-adapter.js';

test('params are embedded as JSON a URL cannot break out of, scripts load in order', () => {
  const src = 'http://127.0.0.1:1/a.m3u8?x=</script><script>alert(1)</script>';
  const html = harnessHtml(hlsJsAdapter, {
    src,
    config: { lowLatencyMode: true },
    frameCode: null,
    batchMs: 250,
  });
  const json = /<script type="application\/json" id="llhls-params">(.*?)<\/script>/s.exec(html)?.[1];
  assert.ok(json !== undefined);
  assert.equal(JSON.parse(json).src, src);
  assert.equal(html.match(/<\/script>/g)?.length, 4);
  assert.ok(html.indexOf('src="hls.min.js"') < html.indexOf('window.__llhlsPlayer ='));
  assert.ok(html.indexOf('window.__llhlsPlayer =') < html.indexOf('window.__llhlsStart ='));
});
