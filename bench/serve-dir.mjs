#!/usr/bin/env node
// A static file server for one directory on 127.0.0.1: the "bring your own server" half of a
// compare configuration that runs FFmpeg's own HLS muxer (bench/compare-readme.yaml, the e2e test).
// Usage: node bench/serve-dir.mjs PORT DIR
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { extname, join } from 'node:path';

const [port, dir] = process.argv.slice(2);
if (port === undefined || dir === undefined) {
  process.stderr.write('usage: node bench/serve-dir.mjs PORT DIR\n');
  process.exit(2);
}
const TYPES = {
  '.m3u8': 'application/vnd.apple.mpegurl',
  '.ts': 'video/mp2t',
  '.m4s': 'video/iso.segment',
  '.mp4': 'video/mp4',
};

createServer((req, res) => {
  const name = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname).replace(/^\/+/, '');
  // One directory, no subfolders: nothing outside it can be named.
  if (name === '' || name.includes('/') || name.includes('..')) {
    res.writeHead(404).end();
    return;
  }
  readFile(join(dir, name)).then(
    (body) =>
      res
        .writeHead(200, {
          'content-type': TYPES[extname(name)] ?? 'application/octet-stream',
          'cache-control': 'no-cache',
          // hls.js in the browser client plays from another origin (its harness page).
          'access-control-allow-origin': '*',
        })
        .end(body),
    () => res.writeHead(404).end(),
  );
}).listen(Number(port), '127.0.0.1', () => process.stderr.write(`serving ${dir} on 127.0.0.1:${port}\n`));
