/**
 * The demuxer + packager fuzz at scale: 10^6 inputs by default (random bytes; real captures
 * truncated, bit-flipped, with packets dropped, duplicated, spliced and garbage inserted), each fed
 * twice in random chunks through a TsDemuxer and a Packager with random options (a third of them
 * writing fMP4). Fails on the first exception, playlist that breaks RFC 8216bis's hard rules, fMP4
 * part that is not moof + mdat or init segment not ftyp + moov, or parts that depend on the
 * chunking, naming the seed (rerun one with --from SEED --count 1). Reports the slowest input
 * (hang check) and the peak RSS (memory stays bounded: nothing accumulates across inputs).
 * Writes bench/results/demux-package-fuzz.json.
 *
 * node --import tsx bench/demux-package-fuzz.ts [--count 1000000] [--from 1]
 * The suite runs 400 of these (test/unit/streamer/demux-package-fuzz.test.ts).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { fuzzCase, loadCaptures } from '../test/helpers/demux-package-fuzz.js';

const here = fileURLToPath(new URL('.', import.meta.url));
const { values } = parseArgs({
  options: { count: { type: 'string', default: '1000000' }, from: { type: 'string', default: '1' } },
});
const count = Number(values.count);
const from = Number(values.from);
const captures = loadCaptures();
const started = performance.now();
let parts = 0;
let fmp4Parts = 0;
let fmp4Inputs = 0;
let slowest = { seed: 0, ms: 0 };
let peakRss = 0;
for (let seed = from; seed < from + count; seed++) {
  const outcome = fuzzCase(seed, captures);
  parts += outcome.parts;
  if (outcome.container === 'fmp4') {
    fmp4Inputs += 1;
    fmp4Parts += outcome.parts;
  }
  if (outcome.ms > slowest.ms) slowest = { seed, ms: outcome.ms };
  if ((seed - from) % 1000 === 0) {
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
    const done = seed - from + 1;
    const rate = done / ((performance.now() - started) / 1000);
    process.stderr.write(
      `\r${done}/${count} inputs, ${Math.round(rate)}/s, slowest ${slowest.ms.toFixed(0)} ms, RSS ${(peakRss / 1e6).toFixed(0)} MB   `,
    );
  }
}
process.stderr.write('\n');
const seconds = (performance.now() - started) / 1000;
const result = {
  benchmark: 'demux-package-fuzz',
  date: new Date().toISOString(),
  node: process.version,
  inputs: count,
  seeds: [from, from + count - 1],
  findings: 0,
  partsPublished: parts,
  fmp4: { inputs: fmp4Inputs, partsPublished: fmp4Parts },
  seconds: Number(seconds.toFixed(1)),
  slowestInput: { seed: slowest.seed, ms: Number(slowest.ms.toFixed(1)) },
  peakRssMB: Math.round(peakRss / 1e6),
};
mkdirSync(`${here}results`, { recursive: true });
writeFileSync(`${here}results/demux-package-fuzz.json`, `${JSON.stringify(result, null, 2)}\n`);
console.log(
  `fuzz: ${count} inputs, no finding, ${parts} parts (${fmp4Parts} fMP4, from ${fmp4Inputs} inputs), slowest input ${result.slowestInput.ms} ms (seed ${slowest.seed}), peak RSS ${result.peakRssMB} MB, ${result.seconds} s`,
);
