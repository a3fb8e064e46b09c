/**
 * The Node client against small misbehaving LL-HLS origins on loopback (test/helpers/hls-servers.ts):
 * it must stay polite (never reload in a loop, whatever the playlist says), say what the server
 * did wrong as findings with examples, and stop when the server is gone.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { NodeClient } from '../../src/client/node-client.js';
import { RELOAD_FLOOR_MS } from '../../src/client/reload-pacing.js';
import type { ClientOutcome, MeasureContext } from '../../src/run/measure-client.js';
import { describeSchemaErrors, runValidators } from '../../src/run/run-schemas.js';
import type { EventSample, Finding, Sample } from '../../src/run/types.js';
import { type FakeLlHlsOptions, startFakeLlHls } from '../helpers/hls-servers.js';

interface Played {
  outcome: ClientOutcome;
  samples: Sample[];
  /** Playlist requests the server saw. */
  playlists: number;
  elapsedMs: number;
}

async function play(
  server: FakeLlHlsOptions,
  durationMs: number,
  client: ConstructorParameters<typeof NodeClient>[0] = {},
  during?: (close: () => Promise<void>) => void,
): Promise<Played> {
  const origin = await startFakeLlHls(server);
  const samples: Sample[] = [];
  const ctx: MeasureContext = {
    url: origin.url,
    durationMs,
    signal: new AbortController().signal,
    toServerTime: (t) => t,
    emit: (s) => samples.push(s),
    log: () => {},
  };
  const started = Date.now();
  try {
    const running = new NodeClient({ probeTooFarAhead: false, ...client }).run(ctx);
    during?.(() => origin.close());
    const outcome = await running;
    const validate = runValidators().sample;
    for (const s of samples) assert.ok(validate(s), describeSchemaErrors(validate.errors).join('; '));
    return { outcome, samples, playlists: origin.stats.playlists, elapsedMs: Date.now() - started };
  } finally {
    await origin.close();
  }
}

const finding = (outcome: ClientOutcome, id: string): Finding => {
  const found = outcome.findings.find((f) => f.id === id);
  assert.ok(found, `no ${id} finding`);
  return found;
};
const events = (samples: Sample[], name: string): EventSample[] =>
  samples.filter((s): s is EventSample => s.type === 'event' && s.name === name);

describe('Node client against misbehaving origins', () => {
  it('TARGETDURATION:0 on a playlist that stops changing: no reload loop, reload-pacing and playlist-updates fail', async () => {
    const { outcome, samples, playlists } = await play(
      { parts: false, blocking: false, misbehave: { targetDurationZero: true, freezeAfterMs: 1500 } },
      5000,
    );
    // Before: 17,201 playlist requests in 3 s. The floor alone allows 100 in 5 s; backoff far fewer.
    assert.ok(playlists <= 40, `${playlists} playlist requests in 5 s`);
    const pacing = finding(outcome, 'reload-pacing');
    assert.equal(pacing.status, 'fail');
    assert.match(
      pacing.examples[0] ?? '',
      new RegExp(`^TARGETDURATION 0: the playlist asked for reloads sooner than ${RELOAD_FLOOR_MS} ms apart`),
    );
    assert.equal(events(samples, 'reload-floor').length, 1, 'the floor is an event once per cause');
    assert.ok(events(samples, 'reload-backoff').some((e) => e.detail['reason'] === 'not-advancing'));
    const updates = finding(outcome, 'playlist-updates');
    assert.equal(updates.status, 'fail');
    assert.match(
      updates.examples[0] ?? '',
      /^no new segment for [\d.]+ s after msn \d+ \(allowed: 1.5 x the longest EXTINF 1 s \(TARGETDURATION 0\)\)$/,
    );
    assert.ok((outcome.warnings ?? []).some((w) => w.startsWith('the live playlist stopped updating')));
    assert.ok((outcome.counters['reloadsAtFloor'] ?? 0) > 0);
  });

  it('an EXT-X-SKIP nobody asked for: still plays, no reload loop, skip-arithmetic fails', async () => {
    const { outcome, samples, playlists } = await play({ misbehave: { unrequestedSkip: true } }, 4000);
    // Before: 21,052 playlist requests in 3 s and nothing played.
    assert.ok(playlists <= 120, `${playlists} playlist requests in 4 s`);
    assert.ok(samples.filter((s) => s.type === 'media' && s.error === null).length >= 10, 'parts played');
    const skip = finding(outcome, 'skip-arithmetic');
    assert.equal(skip.status, 'fail');
    assert.ok(skip.examples.includes('delta update sent to a request without _HLS_skip'));
  });

  it('a live playlist that never changes again (polling): backs off, playlist-updates fails and warns', async () => {
    const { outcome, samples, playlists } = await play(
      { parts: false, blocking: false, misbehave: { freezeAfterMs: 1000 } },
      6000,
    );
    assert.ok(playlists <= 15, `${playlists} playlist requests in 6 s`);
    const updates = finding(outcome, 'playlist-updates');
    assert.equal(updates.status, 'fail');
    assert.match(
      updates.examples[0] ?? '',
      /^no new segment for [\d.]+ s after msn \d+ \(allowed: 1.5 x TARGETDURATION 1 s\)$/,
    );
    assert.equal(finding(outcome, 'reload-pacing').status, 'pass', 'its numbers are sane');
    const backoffs = events(samples, 'reload-backoff');
    assert.ok(backoffs.length > 0 && backoffs.every((e) => e.detail['reason'] === 'not-advancing'));
    assert.ok((outcome.warnings ?? []).some((w) => /stopped updating .*no new segment/.test(w)));
  });

  it('a stale LL-HLS origin that answers held reloads 503: playlist-updates fails on parts', async () => {
    const { outcome } = await play({ misbehave: { freezeAfterMs: 1000 } }, 6000);
    const updates = finding(outcome, 'playlist-updates');
    assert.equal(updates.status, 'fail', JSON.stringify(updates));
    assert.ok(
      updates.examples.some((e) =>
        /^no new part for [\d.]+ s after msn \d+ part \d+ \(allowed: PART-TARGET 0.2 s\)$/.test(e),
      ),
    );
  });

  it('a correct origin: reload-pacing and playlist-updates pass', async () => {
    const { outcome, playlists, elapsedMs } = await play({}, 3000);
    assert.equal(finding(outcome, 'reload-pacing').status, 'pass');
    assert.equal(finding(outcome, 'playlist-updates').status, 'pass');
    // Blocking reloads about one a part (0.2 s), not more.
    assert.ok(playlists <= (elapsedMs / 200) * 1.5 + 5, `${playlists} in ${elapsedMs} ms`);
  });

  it('an origin that goes away: the client gives up after goneAfterMs with the cause, not at the end of the run', async () => {
    const { outcome, samples, elapsedMs } = await play({}, 30_000, { goneAfterMs: 1500 }, (close) => {
      setTimeout(() => void close(), 1000);
    });
    assert.ok(elapsedMs < 8000, `ran ${elapsedMs} ms of 30 s`);
    assert.equal(outcome.failure?.code, 'LLHLS_SERVER_GONE');
    assert.match(
      outcome.failure?.message ?? '',
      /^the server stopped answering [\d.]+ s into the run \(.*ECONNREFUSED\): nothing for [\d.]+ s, \d+ request\(s\) could not reach it$/,
    );
    const errors = samples.filter((s) => s.type === 'error');
    assert.ok(
      errors.length > 0 && errors.every((e) => e.type === 'error' && e.code === 'connection'),
      JSON.stringify(errors.slice(0, 3)),
    );
    assert.equal(outcome.counters['connectionErrors'], outcome.counters['errors']);
  });
});
