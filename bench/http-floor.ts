/**
 * The floor under the fan-out figure: how many HTTP/1.1 keep-alive requests per second Node can
 * answer and fetch at all on this machine, with the least code on either side. The server is a
 * bare `node:http` handler (one prebuilt body, one `writeHead` with a flat header array) in a
 * child process; the client is undici's dispatcher with a do-nothing handler, in this process,
 * one undici Client per connection as `src/client` holds them. Closed loop: `concurrency`
 * requests always in flight over as many connections (1000 viewers hold 2000). No LL-HLS, no parsing, no samples: what is left is Node's and undici's own cost.
 *
 * A simulated LL-HLS viewer of 0.1 s parts makes ~20 requests a second (a blocking playlist
 * reload and a hinted part per part), so `requests per second / 20` is the most viewers any
 * Node origin and Node client could serve together on these cores, before any LL-HLS work.
 * A ceiling, not a per-request floor: a saturated server batches its work. bench/fanout.ts sets
 * its CPU per request beside bench/shaped-floor.ts, which replays its steps' shape.
 *
 *   node --import tsx bench/http-floor.ts [seconds=10] [concurrency=200,2000] [bodyBytes=12000,1500]
 *
 * Writes bench/results/http-floor.json. Run alone.
 */
import { fork } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { cpus } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Client } from 'undici';
import { bareGet } from './shaped-floor.js';

const here = fileURLToPath(new URL('.', import.meta.url));
/** Requests a simulated viewer makes per second with 0.1 s parts (playlist reload + part). */
const REQUESTS_PER_VIEWER_SECOND = 20;

export interface Figures {
  bodyBytes: number;
  concurrency: number;
  seconds: number;
  requests: number;
  requestsPerSecond: number;
  clientCpuUsPerRequest: number;
  serverCpuUsPerRequest: number;
  /** requestsPerSecond / 20: viewers of 0.1 s parts the bare HTTP path alone could carry. */
  viewerCeiling: number;
}

function serveChild(bodyBytes: number): void {
  const body = Buffer.alloc(bodyBytes, 0x47);
  const headers = [
    'Content-Type',
    'video/mp2t',
    'Cache-Control',
    'max-age=60',
    'Content-Length',
    String(bodyBytes),
  ];
  const server = createServer((_req, res) => {
    res.writeHead(200, headers);
    res.end(body);
  });
  server.keepAliveTimeout = 60_000;
  server.listen(0, '127.0.0.1', () => {
    process.send?.({ port: (server.address() as AddressInfo).port });
  });
  process.on('message', (m: { cpu?: boolean }) => {
    if (m.cpu === true) {
      const u = process.cpuUsage();
      process.send?.({ cpuUs: u.user + u.system });
    }
  });
}

function ask<T>(child: ReturnType<typeof fork>, message: object, key: string): Promise<T> {
  return new Promise((resolve) => {
    const on = (m: Record<string, unknown>): void => {
      if (key in m) {
        child.off('message', on);
        resolve(m[key] as T);
      }
    };
    child.on('message', on);
    child.send(message);
  });
}

/**
 * The bare ceiling at one shape: `concurrency` closed loops of GETs of `bodyBytes` against a bare
 * node:http child, measured for `seconds` after a second of warm-up. Not the per-request floor
 * of bench/fanout.ts (bench/shaped-floor.ts is: the same traffic shape as the origin's step).
 */
async function measureFloor(bodyBytes: number, concurrency: number, seconds: number): Promise<Figures> {
  const child = fork(fileURLToPath(import.meta.url), ['--serve-child', String(bodyBytes)], {
    execArgv: ['--import', 'tsx'],
  });
  const port = await new Promise<number>((resolve) =>
    child.once('message', (m: { port: number }) => resolve(m.port)),
  );
  // One connection per loop, each its own undici Client, as src/client's connection lanes hold
  // them (a Pool of thousands of connections spends its time looking for a free one).
  const origin = `http://127.0.0.1:${port}`;
  const connections = Array.from({ length: concurrency }, () => new Client(origin, { pipelining: 1 }));
  let requests = 0;
  let running = true;
  const one = (client: Client): Promise<void> => bareGet(client, origin, '/part');
  const loop = async (client: Client): Promise<void> => {
    while (running) {
      await one(client);
      requests += 1;
    }
  };
  // One second to open the connections and warm the JIT, then the measured window.
  const loops = connections.map(loop);
  await new Promise((r) => setTimeout(r, 1000));
  const r0 = requests;
  const c0 = process.cpuUsage();
  const s0 = await ask<number>(child, { cpu: true }, 'cpuUs');
  const t0 = performance.now();
  await new Promise((r) => setTimeout(r, seconds * 1000));
  const elapsed = (performance.now() - t0) / 1000;
  const c1 = process.cpuUsage(c0);
  const s1 = await ask<number>(child, { cpu: true }, 'cpuUs');
  const counted = requests - r0;
  running = false;
  await Promise.all(loops);
  await Promise.all(connections.map((c) => c.close()));
  child.kill();
  const rps = counted / elapsed;
  return {
    bodyBytes,
    concurrency,
    seconds: Math.round(elapsed * 10) / 10,
    requests: counted,
    requestsPerSecond: Math.round(rps),
    clientCpuUsPerRequest: Math.round(((c1.user + c1.system) / counted) * 10) / 10,
    serverCpuUsPerRequest: Math.round(((s1 - s0) / counted) * 10) / 10,
    viewerCeiling: Math.round(rps / REQUESTS_PER_VIEWER_SECOND),
  };
}

async function main(): Promise<void> {
  const seconds = Number(process.argv[2] ?? 10);
  const concurrencies = (process.argv[3] ?? '200,2000').split(',').map(Number);
  const sizes = (process.argv[4] ?? '12000,1500').split(',').map(Number);
  const results: Figures[] = [];
  for (const concurrency of concurrencies)
    for (const size of sizes) {
      const f = await measureFloor(size, concurrency, seconds);
      results.push(f);
      process.stdout.write(
        `${size} B bodies, ${concurrency} in flight: ${f.requestsPerSecond} req/s; CPU per request ` +
          `client ${f.clientCpuUsPerRequest} µs, server ${f.serverCpuUsPerRequest} µs; ` +
          `ceiling ${f.viewerCeiling} viewers at ${REQUESTS_PER_VIEWER_SECOND} req/s each\n`,
      );
    }
  // Side by side: what bench/fanout.ts measured per request at its largest passing step.
  const fanoutPath = `${here}results/fanout.json`;
  let fanout: unknown = null;
  if (existsSync(fanoutPath)) {
    const f = JSON.parse(readFileSync(fanoutPath, 'utf8')) as {
      largestViewers: number;
      steps: Array<{ viewers: number; clientCpuUsPerRequest: number; serverCpuUsPerRequest: number }>;
    };
    const step = f.steps.find((s) => s.viewers === f.largestViewers);
    if (step !== undefined) {
      fanout = {
        viewers: step.viewers,
        clientCpuUsPerRequest: step.clientCpuUsPerRequest,
        serverCpuUsPerRequest: step.serverCpuUsPerRequest,
      };
      process.stdout.write(
        `fanout.json at ${step.viewers} viewers: client ${step.clientCpuUsPerRequest} µs, server ` +
          `${step.serverCpuUsPerRequest} µs per request\n`,
      );
    }
  }
  mkdirSync(`${here}results`, { recursive: true });
  writeFileSync(
    `${here}results/http-floor.json`,
    `${JSON.stringify(
      {
        benchmark: 'http-floor',
        date: new Date().toISOString(),
        node: process.version,
        cpu: cpus()[0]?.model ?? 'unknown',
        cores: cpus().length,
        requestsPerViewerSecond: REQUESTS_PER_VIEWER_SECOND,
        results,
        fanoutAtLargestViewers: fanout,
      },
      null,
      2,
    )}\n`,
  );
}

if (process.argv[2] === '--serve-child') serveChild(Number(process.argv[3]));
else await main();
