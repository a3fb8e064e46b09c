import assert from 'node:assert/strict';
import { dirname, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { folderCycles, folderOf, importEdges, wallBreaches } from '../../../scripts/import-graph.js';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

describe('the import graph (docs/ARCHITECTURE.md, Folders and walls)', () => {
  const edges = importEdges(repo);

  it('reads the imports of every source folder', () => {
    assert.ok(edges.length > 500, `${edges.length} imports`);
    assert.ok(edges.some((e) => e.from === 'commands/serve.ts' && e.to === 'streamer/serve-session.ts'));
    assert.ok(edges.some((e) => e.from.startsWith('streamer/origin/') && e.to === 'node:http'));
  });

  it('has no import cycle between folders', () => {
    assert.deepEqual(folderCycles(edges), []);
  });

  it('keeps every wall', () => {
    assert.deepEqual(wallBreaches(edges), []);
  });
});

describe('folderCycles and wallBreaches', () => {
  it('folds a folder with its subfolders and finds a loop through three folders', () => {
    assert.equal(folderOf('src/client/findings/parts.ts'), 'src/client');
    assert.equal(folderOf('src/errors.ts'), 'src');
    assert.equal(folderOf('reports/render/html.ts'), 'reports');
    const loop = [
      { from: 'src/client/viewer.ts', to: 'src/measure/measure-client.ts' },
      { from: 'src/measure/create-clients.ts', to: 'src/metrics/summarize.ts' },
      { from: 'src/metrics/summarize.ts', to: 'src/client/findings/finding.ts' },
      { from: 'src/client/findings/parts.ts', to: 'src/client/engine.ts' },
      { from: 'src/metrics/summarize.ts', to: 'src/errors.ts' },
    ];
    assert.deepEqual(folderCycles(loop), [['src/client', 'src/measure', 'src/metrics']]);
    assert.deepEqual(folderCycles(loop.slice(1)), []);
  });

  it('names the file, the import and the reason of a breach', () => {
    const breaches = wallBreaches([
      { from: 'src/client/viewer.ts', to: 'streamer/packager/packager.ts' },
      { from: 'streamer/packager/packager.ts', to: 'node:fs' },
      { from: 'streamer/packager/packager.ts', to: 'src/bytes.ts' },
      { from: 'src/cli/measure-flags.ts', to: 'src/measure/measure-session.ts' },
      { from: 'src/metrics/summarize.ts', to: 'src/measure/measure-session.ts' },
    ]);
    assert.equal(breaches.length, 4, breaches.join('\n'));
    assert.match(breaches[0] ?? '', /^src\/client\/viewer\.ts imports streamer\/packager\/packager\.ts: /);
    assert.match(breaches[1] ?? '', /no I\/O/);
  });
});
