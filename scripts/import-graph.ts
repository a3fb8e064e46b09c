// The import graph of the project's sources, folded to folders, and the walls of
// docs/ARCHITECTURE.md checked over it. test/unit/layers.test.ts runs it; run it by hand with
// `node --import tsx scripts/import-graph.ts` to print every breach.
//
// Hand-written over TypeScript's own preProcessFile (already a dependency) rather than
// dependency-cruiser or madge: the rules are a dozen lines, and those tools would add ~100
// packages for what is a walk over import specifiers.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

/** The source roots the walls speak of (tests, benches and scripts may import anything). */
export const SOURCE_ROOTS = ['commands', 'src', 'streamer', 'reports', 'packages'] as const;

/** One import of one source file: both ends relative to the repository, with `/` separators. */
export interface ImportEdge {
  from: string;
  to: string;
}

/** Every relative and `node:` import of every .ts file under the roots (`to` is a file for
 *  relative imports, the specifier for `node:` ones). */
export function importEdges(repo: string, roots: readonly string[] = SOURCE_ROOTS): ImportEdge[] {
  const edges: ImportEdge[] = [];
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) {
        if (name !== 'node_modules' && name !== 'dist') walk(path);
      } else if (name.endsWith('.ts') && !name.endsWith('.d.ts')) {
        const from = posix(relative(repo, path));
        for (const { fileName } of ts.preProcessFile(readFileSync(path, 'utf8'), true, true).importedFiles) {
          if (fileName.startsWith('node:')) edges.push({ from, to: fileName });
          else if (fileName.startsWith('.')) {
            const to = posix(relative(repo, resolve(dirname(path), fileName))).replace(/\.js$/, '.ts');
            edges.push({ from, to });
          }
        }
      }
    }
  };
  for (const root of roots) walk(join(repo, root));
  return edges;
}

/** The folder of a file as docs/ARCHITECTURE.md lists them: `src/<name>`, `streamer/<name>` and
 *  `packages/<name>`
 *  with everything below them (`src/client/findings/x.ts` → `src/client`), the files directly in
 *  `src/` or `streamer/` (`src`, `streamer`), and `commands`, `reports`, `bench`... whole. A folder's
 *  own subfolders may import each other (the findings use the client's observations, the client
 *  runs the findings); folders may not. */
export function folderOf(file: string): string {
  const parts = file.split('/');
  const [root] = parts;
  if ((root === 'src' || root === 'streamer' || root === 'packages') && parts.length > 2) {
    return `${root}/${parts[1]}`;
  }
  return parts.length > 1 ? (root ?? '.') : '.';
}

/** Groups of folders that import each other in a loop (Tarjan's strongly connected components of
 *  the folder graph, the groups with more than one folder). */
export function folderCycles(edges: readonly ImportEdge[]): string[][] {
  const graph = new Map<string, Set<string>>();
  for (const { from, to } of edges) {
    if (to.startsWith('node:')) continue;
    const a = folderOf(from);
    const b = folderOf(to);
    if (!graph.has(a)) graph.set(a, new Set());
    if (!graph.has(b)) graph.set(b, new Set());
    if (a !== b) graph.get(a)?.add(b);
  }
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const groups: string[][] = [];
  const visit = (v: string): void => {
    index.set(v, index.size);
    low.set(v, index.get(v) ?? 0);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v) ?? 0, low.get(w) ?? 0));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v) ?? 0, index.get(w) ?? 0));
    }
    if (low.get(v) === index.get(v)) {
      const group: string[] = [];
      let w: string | undefined;
      do {
        w = stack.pop();
        if (w === undefined) break;
        onStack.delete(w);
        group.push(w);
      } while (w !== v);
      if (group.length > 1) groups.push(group.sort());
    }
  };
  for (const v of [...graph.keys()].sort()) if (!index.has(v)) visit(v);
  return groups;
}

/** A wall: files under `from` may not import anything matched by `to`. */
export interface Wall {
  from: string;
  to: RegExp;
  why: string;
  /** Files under `from` the wall lets through. */
  except?: RegExp;
}

/** The walls of docs/ARCHITECTURE.md. */
export const WALLS: readonly Wall[] = [
  { from: 'src/client/', to: /^streamer\//, why: 'the clients learn about our server over HTTP only' },
  { from: 'src/browser/', to: /^streamer\//, why: 'the clients learn about our server over HTTP only' },
  { from: 'src/', to: /^commands\//, why: 'commands sit on top' },
  { from: 'streamer/', to: /^commands\//, why: 'commands sit on top' },
  { from: 'reports/', to: /^commands\//, why: 'commands sit on top' },
  {
    from: 'packages/',
    to: /^(streamer|commands|reports)\//,
    why: 'an engine package bundles the Node client (src/client) and what it needs, never the streamer, reports or commands',
  },
  {
    from: 'src/metrics/',
    to: /^src\/(client|browser|measure)\//,
    why: 'both clients and the reports share metrics',
  },
  {
    from: 'src/run/',
    to: /^src\/(client|browser|measure)\//,
    why: 'both clients and the reports share run files',
  },
  { from: 'reports/', to: /^src\/(client|measure)\//, why: 'reports read runs through src/run only' },
  ...['streamer/mpegts/', 'streamer/packager/', 'streamer/fmp4/'].map((from) => ({
    from,
    to: /^(node:(fs|net|http|http2|https|child_process|dgram|tls|timers)(\/|$)|streamer\/(origin|capture)\/)/,
    why: 'the demuxer and packager do no I/O: bytes and numbers in, decisions out',
  })),
  ...['src/', 'streamer/', 'packages/'].map((from) => ({
    from,
    to: /^src\/(measure|demo|compare)\/|^streamer\/(serve-session|gstreamer\/gst-session)\.ts$/,
    why: 'a session layer is imported by commands, their flag handling (src/cli) and other sessions only',
    except: /^(src\/(measure|demo|compare|cli)\/|streamer\/(serve-session|gstreamer\/gst-session)\.ts$)/,
  })),
];

/** Every import that crosses a wall (a folder may always import itself). */
export function wallBreaches(edges: readonly ImportEdge[], walls: readonly Wall[] = WALLS): string[] {
  const breaches: string[] = [];
  for (const { from, to } of edges) {
    for (const wall of walls) {
      if (!from.startsWith(wall.from) || !wall.to.test(to)) continue;
      if (folderOf(from) === folderOf(to) || wall.except?.test(from) === true) continue;
      breaches.push(`${from} imports ${to}: ${wall.why}`);
    }
  }
  return breaches;
}

function posix(path: string): string {
  return path.split(sep).join('/');
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..');
  const edges = importEdges(repo);
  for (const group of folderCycles(edges)) console.log(`cycle: ${group.join(' <-> ')}`);
  for (const breach of wallBreaches(edges)) console.log(`wall: ${breach}`);
}
