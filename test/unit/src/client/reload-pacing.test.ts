import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  decideReload,
  type PacingPlaylist,
  RELOAD_FLOOR_MS,
  type ReloadInput,
} from '../../../../src/client/reload-pacing.js';

const ll: PacingPlaylist = {
  parts: true,
  canBlockReload: true,
  endList: false,
  partTarget: 0.2,
  targetDuration: 1,
  lastSegmentDuration: 1,
};
const segments: PacingPlaylist = { ...ll, parts: false, canBlockReload: false, partTarget: null };

/** A request sent at 1000, answered at `at`. */
const input = (over: Partial<ReloadInput>): ReloadInput => ({
  answer: 'advanced',
  sentAt: 1000,
  at: 1100,
  blocking: false,
  hasRequested: false,
  playlist: ll,
  streak: 0,
  ...over,
});

describe('decideReload', () => {
  // [what, input, nextAt, the backoff that set nextAt (else 'floor' when a playlist value asked
  // for less than the floor), that value]
  const table: Array<[string, Partial<ReloadInput>, number, string | null, string | null]> = [
    [
      'blocking reload the server held: ask again at once',
      { blocking: true, hasRequested: true },
      1100,
      null,
      null,
    ],
    [
      'held only briefly (a short last part): the floor binds silently',
      { blocking: true, hasRequested: true, at: 1010 },
      1000 + RELOAD_FLOOR_MS,
      null,
      null,
    ],
    [
      'first plain load of a blocking server: the next request blocks, at once',
      { at: 1001 },
      1001,
      null,
      null,
    ],
    [
      'blocking reload answered without the part: wait a part target',
      { blocking: true, answer: 'unchanged', streak: 1 },
      1300,
      null,
      null,
    ],
    ['LL-HLS polling: a part target', { playlist: { ...ll, canBlockReload: false } }, 1300, null, null],
    ['segments, changed: the last segment duration (6.3.4)', { playlist: segments }, 2100, null, null],
    [
      'segments, unchanged: half the target duration (6.3.4)',
      { playlist: segments, answer: 'unchanged', streak: 1 },
      1600,
      null,
      null,
    ],
    [
      'TARGETDURATION 0 unchanged: 0 ms by the rule, held to the floor',
      { playlist: { ...segments, targetDuration: 0 }, answer: 'unchanged', streak: 1, at: 1001 },
      1000 + RELOAD_FLOOR_MS,
      'floor',
      'TARGETDURATION 0',
    ],
    [
      'TARGETDURATION 0 answered slowly: the floor did not bind, the finding stands',
      { playlist: { ...segments, targetDuration: 0 }, answer: 'unchanged', streak: 1, at: 1100 },
      1100,
      'floor',
      'TARGETDURATION 0',
    ],
    [
      'EXTINF 0 after a change: held to the floor',
      { playlist: { ...segments, lastSegmentDuration: 0 }, at: 1001 },
      1000 + RELOAD_FLOOR_MS,
      'floor',
      'EXTINF 0',
    ],
    [
      'PART-TARGET absent while polling parts: held to the floor',
      { playlist: { ...ll, canBlockReload: false, partTarget: null }, at: 1001 },
      1000 + RELOAD_FLOOR_MS,
      'floor',
      'PART-TARGET absent',
    ],
    [
      'PART-TARGET NaN on a blocking server answering without the part',
      {
        blocking: true,
        answer: 'unchanged',
        streak: 1,
        playlist: { ...ll, partTarget: Number.NaN },
        at: 1001,
      },
      1000 + RELOAD_FLOOR_MS,
      'floor',
      'PART-TARGET NaN',
    ],
    [
      'one delta that cannot merge: a full reload at once',
      { answer: 'unusable', streak: 1, at: 1001 },
      1001,
      null,
      null,
    ],
    [
      'deltas that cannot merge, again and again: the floor, then backoff',
      { answer: 'unusable', streak: 2, at: 1001 },
      1000 + RELOAD_FLOOR_MS,
      'floor',
      'delta updates (EXT-X-SKIP) that cannot be merged, one after another',
    ],
    ['first failure: 100 ms', { answer: 'failed', streak: 1, playlist: null }, 1200, 'errors', null],
    [
      'fourth failure in a row: 800 ms',
      { answer: 'failed', streak: 4, playlist: null },
      1900,
      'errors',
      null,
    ],
    ['tenth failure: capped at 2 s', { answer: 'failed', streak: 10, playlist: null }, 3100, 'errors', null],
    [
      'failures of a server with 6 s segments: capped at the target duration',
      { answer: 'failed', streak: 10, playlist: { ...segments, targetDuration: 6 } },
      7100,
      'errors',
      null,
    ],
    [
      'a third unchanged answer in a row: backoff from half a target',
      { playlist: segments, answer: 'unchanged', streak: 3 },
      2100,
      'not-advancing',
      null,
    ],
    [
      'a stale playlist keeps backing off up to the cap',
      { playlist: segments, answer: 'unchanged', streak: 8 },
      3100,
      'not-advancing',
      null,
    ],
    [
      'TARGETDURATION 0 and stale: backoff on top of the floor, whose cause stays',
      { playlist: { ...segments, targetDuration: 0 }, answer: 'unchanged', streak: 5 },
      1100 + Math.min(2000, 8 * RELOAD_FLOOR_MS),
      'not-advancing',
      'TARGETDURATION 0',
    ],
    [
      'EXT-X-ENDLIST: no reload',
      { playlist: { ...ll, endList: true } },
      Number.POSITIVE_INFINITY,
      null,
      null,
    ],
  ];
  for (const [what, over, nextAt, limit, cause] of table) {
    it(what, () => {
      const decision = decideReload(input(over));
      const limit_ = decision.backoff ?? (decision.floorCause === null ? null : 'floor');
      assert.deepEqual([decision.nextAt, limit_, decision.floorCause], [nextAt, limit, cause]);
    });
  }

  it('never lets two requests start closer than the floor, but for the two that cannot repeat', () => {
    const playlists: Array<PacingPlaylist | null> = [
      null,
      ll,
      segments,
      { ...segments, targetDuration: 0, lastSegmentDuration: 0 },
      { ...ll, partTarget: -1, targetDuration: Number.NaN },
    ];
    for (const playlist of playlists)
      for (const answer of ['failed', 'advanced', 'unchanged', 'unusable'] as const)
        for (const blocking of [false, true])
          for (const hasRequested of [false, true])
            for (const streak of [0, 1, 2, 3, 9]) {
              const d = decideReload({ answer, sentAt: 0, at: 0, blocking, hasRequested, playlist, streak });
              const once =
                (answer === 'advanced' && !blocking && playlist?.canBlockReload === true) ||
                (answer === 'unusable' && streak <= 1);
              if (!once)
                assert.ok(d.nextAt >= RELOAD_FLOOR_MS, JSON.stringify({ answer, playlist, streak, d }));
            }
  });
});
