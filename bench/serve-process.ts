import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export interface BenchServe {
  /** The playlist URL. */
  url: string;
  /** The multivariant playlist's URL (/master.m3u8). */
  multivariant: string;
  close(): Promise<void>;
}

/**
 * `llhls serve --test-src` (plus `args`) as a user runs it: the compiled CLI in its own process
 * (`npm run build` first), so that what a bench measures in its own process never delays a
 * publish. Resolves once the first segment is complete, as a viewer arriving at a running stream
 * would find it.
 */
export async function startServeProcess(args: string[] = []): Promise<BenchServe> {
  const bin = fileURLToPath(new URL('../bin/run.js', import.meta.url));
  const child = spawn(
    process.execPath,
    [bin, 'serve', '--test-src', '--http-port', '0', '--status-interval', '0', '--json', ...args],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const links = await new Promise<{ playlist: string; multivariant: string }>((resolve, reject) => {
    let text = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      text += chunk;
      // The ready document is the first JSON object printed; it ends with a line '}'.
      const end = text.indexOf('\n}');
      if (end < 0) return;
      const ready = JSON.parse(text.slice(0, end + 2)) as {
        links: { playlist: string; multivariant: string };
      };
      resolve(ready.links);
    });
    void exited.then(() => reject(new Error('llhls serve exited before it was ready: run `npm run build`')));
  });
  await new Promise((resolve) => setTimeout(resolve, 2000));
  return {
    url: links.playlist,
    multivariant: links.multivariant,
    close: async () => {
      child.kill('SIGINT');
      await exited;
    },
  };
}
