import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { PlayerAdapter } from './player-adapter.js';

const require = createRequire(import.meta.url);

/** Path of the bundled hls.js (no CDN: the tool works offline and measures a pinned version). */
export function hlsJsScriptPath(): string {
  return require.resolve('hls.js/dist/hls.min.js');
}

export function hlsJsVersion(): string {
  const pkg = JSON.parse(readFileSync(require.resolve('hls.js/package.json'), 'utf8')) as { version: string };
  return pkg.version;
}

/** hls.js defaults for measuring: low-latency mode; everything else is hls.js's own default. */
export const HLSJS_DEFAULT_CONFIG: Readonly<Record<string, unknown>> = { lowLatencyMode: true };

/** How far past its target hls.js may drift before it seeks back, seconds. */
export const CATCH_UP_SLACK_S = 0.1;

/**
 * hls.js with catch-up, targeting `holdBack` behind the playlist end. hls.js 1.7 raises
 * playbackRate only while more than 1 s is buffered ahead (latency-controller), which a 0.2-0.3 s
 * PART-HOLD-BACK never has (FINDINGS.md), so the rate alone never catches up and start-up decides
 * the latency for good. Its other mechanism does: past `liveMaxLatencyDuration` behind the edge
 * it seeks to edge - `liveSyncDuration` (accepted only together, the second the smaller).
 * `liveSyncMode: 'buffered'` seeks only inside the buffer, so a seek never empties it, and
 * `liveSyncOnStallIncrease: 0` stops one start-up stall raising the target by a second for good.
 * Each seek freezes the picture for its duration (15-130 ms measured here): the harness records
 * those as stalls caused by a seek.
 */
export function hlsJsCatchUpConfig(holdBack: number): Record<string, unknown> {
  return {
    maxLiveSyncPlaybackRate: 1.5,
    liveSyncDuration: holdBack,
    liveMaxLatencyDuration: Number((holdBack + CATCH_UP_SLACK_S).toFixed(3)),
    liveSyncMode: 'buffered',
    liveSyncOnStallIncrease: 0,
  };
}

/**
 * The in-page hls.js player. PDT mapping, as hls.js's own `playingDate` does it
 * (stream-controller `currentProgramDateTime`): capture = frag.programDateTime +
 * (mediaTime - frag.start). `frag.start` is where hls.js placed the fragment on the media
 * timeline after parsing its first PTS (level-helper `updateFragPTSDTS`), so the offset is the
 * frame's distance from the segment's first frame, which is what PROGRAM-DATE-TIME dates. We use
 * the frame's own `mediaTime` from requestVideoFrameCallback instead of `video.currentTime` (which
 * runs between frames), and also search the segment still being filled (`fragmentHint`, whose
 * PDT hls.js extrapolates from the previous segment) because a low-latency player displays its
 * parts before the segment is listed whole.
 */
const PAGE_SOURCE = `
window.__llhlsPlayer = (function () {
  var hls = null;
  var origin = performance.timeOrigin;
  var num = function (v) { return typeof v === 'number' && isFinite(v) ? v : null; };
  var details = function () {
    if (!hls || !hls.levels) return null;
    var level = hls.levels[hls.currentLevel >= 0 ? hls.currentLevel : hls.loadLevel];
    return level && level.details ? level.details : null;
  };
  return {
    name: 'hls.js',
    version: Hls.version,
    load: function (video, src, config, emit) {
      if (!Hls.isSupported()) {
        emit('error', { code: 'unsupported', message: 'this browser has no MediaSource', fatal: true, uri: null });
        return;
      }
      hls = new Hls(config);
      var E = Hls.Events;
      hls.on(E.ERROR, function (_e, d) {
        var uri = (d.part && d.part.url) || (d.frag && d.frag.url) || (d.context && d.context.url) || d.url || null;
        var message = (d.error && d.error.message) || d.reason || d.details;
        emit('error', { code: d.type + ':' + d.details, message: String(message), fatal: !!d.fatal, uri: uri });
      });
      hls.on(E.FRAG_LOADED, function (_e, d) {
        var item = d.part || d.frag;
        var s = item.stats;
        var at = function (v) { return v > 0 ? origin + v : null; };
        emit('load', {
          kind: d.part ? 'part' : 'segment', url: item.url, msn: d.frag.sn, part: d.part ? d.part.index : null,
          start: origin + s.loading.start, firstByte: at(s.loading.first), end: at(s.loading.end), bytes: s.loaded,
        });
      });
      ['MANIFEST_PARSED', 'LEVEL_SWITCHED', 'BUFFER_FLUSHED', 'LIVE_BACK_BUFFER_REACHED'].forEach(function (name) {
        if (E[name]) hls.on(E[name], function () { emit('event', { name: 'player-event', detail: { event: name } }); });
      });
      hls.loadSource(src);
      hls.attachMedia(video);
    },
    state: function () {
      if (!hls) return { latency: null, targetLatency: null, drift: null };
      return { latency: num(hls.latency), targetLatency: num(hls.targetLatency), drift: num(hls.drift) };
    },
    captureAt: function (t) {
      var d = details();
      if (!d) return null;
      var frags = d.fragments;
      var found = null;
      if (d.fragmentHint && d.fragmentHint.start <= t) found = d.fragmentHint;
      for (var i = frags.length - 1; found === null && i >= 0; i--) if (frags[i].start <= t) found = frags[i];
      if (found === null || found.programDateTime === null) return null;
      return found.programDateTime + (t - found.start) * 1000;
    },
    // Every option hls.js resolved (its defaults under ours), as far as JSON can carry it:
    // functions and class references (loaders, controllers) are left out.
    resolvedConfig: function () {
      if (!hls) return null;
      var out = {};
      Object.keys(hls.config).sort().forEach(function (k) {
        var v = hls.config[k];
        if (v === null || typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean') out[k] = v;
        else if (Array.isArray(v) && v.every(function (x) { return typeof x === 'number' || typeof x === 'string'; })) out[k] = v;
      });
      return out;
    },
    destroy: function () { if (hls) hls.destroy(); hls = null; },
  };
})();
`;

export const hlsJsAdapter: PlayerAdapter = {
  name: 'hls.js',
  version: hlsJsVersion,
  assets: () => ({
    'hls.min.js': { contentType: 'text/javascript', body: () => readFileSync(hlsJsScriptPath()) },
  }),
  scripts: ['hls.min.js'],
  pageSource: PAGE_SOURCE,
  effectiveConfig: (overrides) => ({ ...HLSJS_DEFAULT_CONFIG, ...overrides }),
  catchUpConfig: hlsJsCatchUpConfig,
};
