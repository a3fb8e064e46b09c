/**
 * The bare floor at an origin step's shape, for bench/fanout.ts: what node:http and undici alone
 * spend per request when they carry the same traffic as `llhls serve` under N LL-HLS viewers.
 *
 * The server (a child process) is a bare `node:http` handler with no LL-HLS logic: every request
 * is held until the next "publish", a timer firing every part duration, and then answered with a
 * prebuilt body and a prebuilt flat header array. A path starting `/playlist` gets the step's
 * mean playlist body (as sent: gzipped, with `Vary` and `Content-Encoding`), anything else the
 * step's mean media body. The headers are the origin's, with fixed values (CORS, Server-Timing of
 * the same length, Content-Type, Cache-Control, Content-Length): the same bytes on the wire, none
 * of them formatted per request.
 *
 * The client (this process) plays each viewer as two keep-alive connections (undici Clients,
 * as src/client's connection lanes hold them), each a loop of one request at a time: a blocking
 * playlist reload (`/playlist.m3u8?_HLS_msn=..&_HLS_part=..&_HLS_skip=YES`) and a hinted part
 * (`/part<n>.ts`), with the client's `accept-encoding`. Each request is held to the next publish,
 * so each viewer makes 2 requests per part duration (20 a second at 0.1 s parts), released in a
 * burst per publish, as the origin's held requests are. Not a closed loop at full speed: a
 * saturated server batches its work and spends less per request than one woken 10 times a second.
 */
import { fork } from 'node:child_process';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { Client } from 'undici';
import { type ThreadCpu, threadCpu, threadCpuMsBetween } from './thread-cpu.js';

export interface ShapedFloorShape {
  viewers: number;
  /** The publish interval (the part duration), ms. */
  partMs: number;
  /** Mean media response body, bytes. */
  partBytes: number;
  /** Mean playlist response body as sent (compressed), bytes. */
  playlistBytes: number;
  /** The measured window, after a second of warm-up. */
  seconds: number;
}

export interface ShapedFloorFigures {
  requests: number;
  requestsPerSecond: number;
  serverCpuUsPerRequest: number;
  clientCpuUsPerRequest: number;
  /** The floor server's CPU in the window by thread (Linux; bench/thread-cpu.ts). */
  serverThreadsMs: ThreadCpu | null;
}

/** The origin's response headers with fixed values (streamer/origin/respond.ts sendWhole). */
function headers(type: string, bytes: number, extra: string[]): string[] {
  return [
    'Access-Control-Allow-Origin',
    '*',
    'Access-Control-Expose-Headers',
    'Server-Timing, Content-Length, Date, Age',
    'Server-Timing',
    'hold;dur=61.2, age;dur=0.1, publish;desc="1764528000123.456", version;desc="1234"',
    'Content-Type',
    type,
    'Cache-Control',
    'public, max-age=60',
    'Content-Length',
    String(bytes),
    ...extra,
  ];
}

function serveChild(partMs: number, partBytes: number, playlistBytes: number): void {
  const part = Buffer.alloc(partBytes, 0x47);
  const playlist = Buffer.alloc(playlistBytes, 0x23);
  const partHeaders = headers('video/mp2t', partBytes, []);
  const playlistHeaders = headers('application/vnd.apple.mpegurl', playlistBytes, [
    'Vary',
    'Accept-Encoding',
    'Content-Encoding',
    'gzip',
  ]);
  let held: Array<{ res: ServerResponse; playlist: boolean }> = [];
  const server = createServer((req, res) => {
    held.push({ res, playlist: req.url?.startsWith('/playlist') === true });
  });
  server.keepAliveTimeout = 60_000;
  setInterval(() => {
    const now = held;
    held = [];
    for (const { res, playlist: isPlaylist } of now) {
      if (res.destroyed) continue;
      res.writeHead(200, isPlaylist ? playlistHeaders : partHeaders);
      res.end(isPlaylist ? playlist : part);
    }
  }, partMs);
  server.listen(0, '127.0.0.1', () => {
    process.send?.({ port: (server.address() as AddressInfo).port });
  });
  process.on('message', (m: { cpu?: boolean; exit?: boolean }) => {
    if (m.exit === true) process.exit(0);
    if (m.cpu === true) {
      const u = process.cpuUsage();
      process.send?.({ cpuUs: u.user + u.system, threads: threadCpu() });
    }
  });
}

function askCpu(child: ReturnType<typeof fork>): Promise<{ cpuUs: number; threads: ThreadCpu | null }> {
  return new Promise((resolve) => {
    const on = (m: { cpuUs?: number; threads?: ThreadCpu | null }): void => {
      if (m.cpuUs === undefined) return;
      child.off('message', on);
      resolve({ cpuUs: m.cpuUs, threads: m.threads ?? null });
    };
    child.on('message', on);
    child.send({ cpu: true });
  });
}

const CHILD_FLAG = '--shaped-floor-child';
const CLIENT_HEADERS = { 'accept-encoding': 'gzip, deflate' };

/** One GET on `client` with undici's least work: nothing of the response is kept. */
export function bareGet(
  client: Client,
  origin: string,
  path: string,
  headers: Record<string, string> = {},
): Promise<void> {
  return new Promise((resolve, reject) => {
    client.dispatch(
      { origin, path, method: 'GET', headers },
      {
        onConnect: () => undefined,
        onHeaders: () => true,
        onData: () => true,
        onComplete: () => resolve(),
        onError: reject,
      },
    );
  });
}

/** The floor at one step's shape (see the file's comment), measured for `shape.seconds`. */
export async function measureShapedFloor(shape: ShapedFloorShape): Promise<ShapedFloorFigures> {
  const child = fork(
    fileURLToPath(import.meta.url),
    [CHILD_FLAG, String(shape.partMs), String(shape.partBytes), String(shape.playlistBytes)],
    {
      // FANOUT_FLOOR_PROF=<dir>: a CPU profile of the floor's server, to set beside the origin's.
      execArgv: [
        '--import',
        'tsx',
        '--max-semi-space-size=32',
        ...(process.env['FANOUT_FLOOR_PROF']
          ? ['--cpu-prof', `--cpu-prof-dir=${process.env['FANOUT_FLOOR_PROF']}`]
          : []),
        // FANOUT_FLOOR_FLAGS='--trace-gc ...': more node flags for the floor's server.
        ...(process.env['FANOUT_FLOOR_FLAGS']?.split(' ').filter((f) => f !== '') ?? []),
      ],
    },
  );
  const port = await new Promise<number>((resolve) =>
    child.once('message', (m: { port: number }) => resolve(m.port)),
  );
  const origin = `http://127.0.0.1:${port}`;
  let requests = 0;
  let running = true;
  const one = (client: Client, path: string): Promise<void> => bareGet(client, origin, path, CLIENT_HEADERS);
  // The numbers only make each target a new string, as a viewer's are.
  const reloads = async (client: Client): Promise<void> => {
    for (let n = 0; running; n += 1) {
      await one(client, `/playlist.m3u8?_HLS_msn=${100 + (n >> 3)}&_HLS_part=${n & 7}&_HLS_skip=YES`);
      requests += 1;
    }
  };
  const parts = async (client: Client): Promise<void> => {
    for (let n = 0; running; n += 1) {
      await one(client, `/part${1000 + n}.ts`);
      requests += 1;
    }
  };
  const clients: Client[] = [];
  const loops: Array<Promise<void>> = [];
  for (let v = 0; v < shape.viewers; v += 1) {
    const a = new Client(origin, { pipelining: 1 });
    const b = new Client(origin, { pipelining: 1 });
    clients.push(a, b);
    loops.push(reloads(a), parts(b));
  }
  await new Promise((r) => setTimeout(r, 1000));
  const r0 = requests;
  const c0 = process.cpuUsage();
  const s0 = await askCpu(child);
  const t0 = performance.now();
  await new Promise((r) => setTimeout(r, shape.seconds * 1000));
  const elapsed = (performance.now() - t0) / 1000;
  const s1 = await askCpu(child);
  const c1 = process.cpuUsage(c0);
  const counted = Math.max(1, requests - r0);
  // Each loop ends with the answer of its request in flight, at the next publish.
  running = false;
  await Promise.all(loops);
  await Promise.all(clients.map((c) => c.close()));
  // An exit of its own: the server writes its profile (FANOUT_FLOOR_PROF) on the way out.
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.send({ exit: true });
  await exited;
  return {
    requests: counted,
    requestsPerSecond: Math.round(counted / elapsed),
    serverCpuUsPerRequest: Math.round(((s1.cpuUs - s0.cpuUs) / counted) * 10) / 10,
    clientCpuUsPerRequest: Math.round(((c1.user + c1.system) / counted) * 10) / 10,
    serverThreadsMs: threadCpuMsBetween(s0.threads, s1.threads),
  };
}

// Its own server child only (bench/fanout.ts, which imports this file, has a child of its own).
if (process.argv[2] === CHILD_FLAG && process.argv[1] === fileURLToPath(import.meta.url)) {
  serveChild(Number(process.argv[3]), Number(process.argv[4]), Number(process.argv[5]));
}
