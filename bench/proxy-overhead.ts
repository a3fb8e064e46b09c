/**
 * What `llhls proxy` costs when it impairs nothing: the latency it adds to a request (p50, p99)
 * and its throughput (MB/s on one connection, requests/s over many), each measured straight to
 * the origin and through the proxy side by side in one run. The origin (bare `node:http`) and
 * the proxy (startProxy, no impairment) each run in their own child process, as a user runs
 * `llhls serve` and `llhls proxy`; the client is undici in this process, one connection per
 * undici Client as src/client holds them. Latency requests alternate direct / proxied so that a
 * drift of the machine touches both alike.
 *
 *   node --import tsx bench/proxy-overhead.ts [--requests 5000] [--seconds 10] [--concurrency 50] [--mbytes 200]
 *
 * Writes bench/results/proxy-overhead.json. Run alone, on an idle machine.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { cpus } from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { Client } from 'undici';
import { distribution } from '../src/metrics/percentiles.js';
import { startProxy } from '../src/proxy/proxy.js';
import type { Distribution } from '../src/run/types.js';

const here = fileURLToPath(new URL('.', import.meta.url));
const SMALL = Buffer.alloc(100, 0x47);
const CHUNK = Buffer.alloc(1024 * 1024, 0x47);

/** The origin: `/small` answers 100 bytes; `/big?mb=N` streams N MiB. */
function originChild(): void {
  const server = createServer((req, res) => {
    if (req.url?.startsWith('/big')) {
      const mb = Number(new URL(req.url, 'http://x').searchParams.get('mb') ?? 1);
      res.writeHead(200, { 'Content-Length': mb * CHUNK.length });
      let sent = 0;
      const more = (): void => {
        while (sent < mb) {
          sent += 1;
          if (!res.write(CHUNK)) return void res.once('drain', more);
        }
        res.end();
      };
      more();
      return;
    }
    res.writeHead(200, { 'Content-Length': SMALL.length });
    res.end(SMALL);
  });
  server.keepAliveTimeout = 60_000;
  server.listen(0, '127.0.0.1', () => process.send?.({ port: (server.address() as AddressInfo).port }));
}

async function proxyChild(target: string): Promise<void> {
  const proxy = await startProxy({ target });
  process.send?.({ port: Number(proxy.address.split(':').at(-1)) });
}

function child(args: string[]): Promise<{ child: ChildProcess; url: string }> {
  const c = fork(fileURLToPath(import.meta.url), args, { execArgv: ['--import', 'tsx'] });
  return new Promise((resolve) =>
    c.once('message', (m: { port: number }) => resolve({ child: c, url: `http://127.0.0.1:${m.port}` })),
  );
}

async function get(client: Client, path: string): Promise<number> {
  const res = await client.request({ method: 'GET', path });
  let bytes = 0;
  for await (const chunk of res.body) bytes += (chunk as Buffer).length;
  return bytes;
}

const round = (x: number, digits = 3): number => Math.round(x * 10 ** digits) / 10 ** digits;

/** Sequential small requests, alternating direct and proxied: ms of each. */
async function latency(direct: string, via: string, requests: number) {
  const [d, v] = [new Client(direct), new Client(via)];
  for (let i = 0; i < 200; i += 1) await Promise.all([get(d, '/small'), get(v, '/small')]); // warm-up
  const times = { direct: [] as number[], proxied: [] as number[] };
  for (let i = 0; i < requests; i += 1) {
    for (const [client, list] of i % 2 === 0
      ? ([
          [d, times.direct],
          [v, times.proxied],
        ] as const)
      : ([
          [v, times.proxied],
          [d, times.direct],
        ] as const)) {
      const t0 = performance.now();
      await get(client, '/small');
      list.push(performance.now() - t0);
    }
  }
  await Promise.all([d.close(), v.close()]);
  const [dd, pd] = [distribution(times.direct), distribution(times.proxied)] as [Distribution, Distribution];
  return {
    requests,
    directMs: { p50: round(dd.p50), p99: round(dd.p99), max: round(dd.max) },
    proxiedMs: { p50: round(pd.p50), p99: round(pd.p99), max: round(pd.max) },
    addedMs: { p50: round(pd.p50 - dd.p50), p99: round(pd.p99 - dd.p99) },
  };
}

/** One connection downloading `mb` MiB: MB/s (10^6 bytes per second). */
async function bulk(url: string, mb: number): Promise<number> {
  const client = new Client(url);
  await get(client, '/big?mb=1');
  const t0 = performance.now();
  const bytes = await get(client, `/big?mb=${mb}`);
  const seconds = (performance.now() - t0) / 1000;
  await client.close();
  return round(bytes / seconds / 1e6, 1);
}

/** `concurrency` connections each asking for /small in a closed loop for `seconds`: requests/s. */
async function rate(url: string, concurrency: number, seconds: number): Promise<number> {
  const clients = Array.from({ length: concurrency }, () => new Client(url));
  let running = true;
  let count = 0;
  const loop = async (c: Client): Promise<void> => {
    while (running) {
      await get(c, '/small');
      count += 1;
    }
  };
  const loops = clients.map(loop);
  await new Promise((r) => setTimeout(r, 500));
  const [c0, t0] = [count, performance.now()];
  await new Promise((r) => setTimeout(r, seconds * 1000));
  const done = count - c0;
  const elapsed = (performance.now() - t0) / 1000;
  running = false;
  await Promise.all(loops);
  await Promise.all(clients.map((c) => c.close()));
  return Math.round(done / elapsed);
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      requests: { type: 'string', default: '5000' },
      seconds: { type: 'string', default: '10' },
      concurrency: { type: 'string', default: '50' },
      mbytes: { type: 'string', default: '200' },
    },
  });
  const [requests, seconds, concurrency, mbytes] = [
    values.requests,
    values.seconds,
    values.concurrency,
    values.mbytes,
  ].map(Number) as [number, number, number, number];
  const origin = await child(['--origin-child']);
  const proxy = await child(['--proxy-child', origin.url]);
  try {
    const lat = await latency(origin.url, proxy.url, requests);
    process.stdout.write(
      `latency, ${requests} sequential requests each: direct p50 ${lat.directMs.p50} / p99 ${lat.directMs.p99} ms; ` +
        `proxied p50 ${lat.proxiedMs.p50} / p99 ${lat.proxiedMs.p99} ms; added p50 ${lat.addedMs.p50} / p99 ${lat.addedMs.p99} ms\n`,
    );
    const bulkDirect = await bulk(origin.url, mbytes);
    const bulkProxied = await bulk(proxy.url, mbytes);
    process.stdout.write(
      `one connection, ${mbytes} MiB: direct ${bulkDirect} MB/s, proxied ${bulkProxied} MB/s\n`,
    );
    const rpsDirect = await rate(origin.url, concurrency, seconds);
    const rpsProxied = await rate(proxy.url, concurrency, seconds);
    process.stdout.write(
      `${concurrency} connections, ${seconds} s: direct ${rpsDirect} req/s, proxied ${rpsProxied} req/s\n`,
    );
    mkdirSync(`${here}results`, { recursive: true });
    writeFileSync(
      `${here}results/proxy-overhead.json`,
      `${JSON.stringify(
        {
          benchmark: 'proxy-overhead',
          date: new Date().toISOString(),
          node: process.version,
          cpu: cpus()[0]?.model ?? 'unknown',
          cores: cpus().length,
          impairment: 'none',
          latency: lat,
          throughput: { mbytes, directMBps: bulkDirect, proxiedMBps: bulkProxied },
          requestRate: { concurrency, seconds, directPerSecond: rpsDirect, proxiedPerSecond: rpsProxied },
        },
        null,
        2,
      )}\n`,
    );
  } finally {
    origin.child.kill();
    proxy.child.kill();
  }
}

if (process.argv[2] === '--origin-child') originChild();
else if (process.argv[2] === '--proxy-child') await proxyChild(process.argv[3] as string);
else await main();
