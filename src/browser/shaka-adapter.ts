import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { lastListedPart, type MediaPlaylist } from '../hls/media-playlist.js';
import { CATCH_UP_SLACK_S } from './hlsjs-adapter.js';
import { mergeConfig } from './merge-config.js';
import type { PlayerAdapter } from './player-adapter.js';

const require = createRequire(import.meta.url);

/** Shaka Player's HLS-only build (no DASH parser: 0.6 MB instead of 0.8), from node_modules. */
export function shakaScriptPath(): string {
  return require.resolve('shaka-player/dist/shaka-player.hls.js');
}

export function shakaVersion(): string {
  const pkg = JSON.parse(readFileSync(require.resolve('shaka-player/package.json'), 'utf8')) as {
    version: string;
  };
  return pkg.version;
}

/**
 * Shaka defaults for measuring: low-latency mode (Shaka 5's default too, said here so a change of
 * default does not change what we measure) and HLS sequence mode; everything else is Shaka's own.
 * For an LL-HLS stream Shaka then applies its low-latency profile (segmentPrefetchLimit 2,
 * updateIntervalSeconds 0.1, inaccurateManifestTolerance 0, ...) and starts PART-HOLD-BACK
 * behind the live edge.
 *
 * Sequence mode, because Shaka 5.2 (up to 5.2.12 at least) in its default segments mode calls
 * SourceBuffer.abort() before every append of a stream whose media timestamps do not start near
 * zero (a negative timestamp offset, skewed by 1 ms by a legacy Edge workaround, never equals the
 * one it computes next): abort() makes MSE drop every frame up to the next keyframe, so of each
 * 1 s segment of 0.1 s parts only the first two were buffered, and playback stalled ~0.65 s a
 * second (measured here; shaka-project/shaka-player#10589, fixed after 5.2.12 by #10559).
 * Sequence mode skips that recalculation. `--player-config '{"manifest":{"hls":{"sequenceMode":false}}}'`
 * restores Shaka's own default.
 */
export const SHAKA_DEFAULT_CONFIG: Readonly<Record<string, unknown>> = {
  streaming: { lowLatencyMode: true },
  manifest: { hls: { sequenceMode: true } },
};

/**
 * Shaka with catch-up, aiming `holdBack` seconds behind the end of the playlist (hls.js's target
 * under `--catch-up`). Shaka's live sync (`streaming.liveSync`) only changes the playback rate:
 * above target + tolerance it plays at maxPlaybackRate, below target - tolerance at
 * minPlaybackRate, else at 1; it never seeks. Its latency is the playhead's distance to the end
 * of the seek range, which Shaka already keeps its presentation delay behind the playlist end
 * (PART-HOLD-BACK for an LL-HLS stream, measured here: 0.3 s), so the target is the hold-back
 * less that delay: 0 for the stream's own hold-back. The tolerance is the slack hls.js gets
 * (0.1 s), the rates 1.5 (as hls.js's) and 1 (never slower than real time).
 */
export function shakaCatchUpConfig(holdBack: number, presentationDelay = holdBack): Record<string, unknown> {
  return {
    streaming: {
      liveSync: {
        enabled: true,
        targetLatency: Math.max(0, Number((holdBack - presentationDelay).toFixed(3))),
        targetLatencyTolerance: CATCH_UP_SLACK_S,
        maxPlaybackRate: 1.5,
        minPlaybackRate: 1,
      },
    },
  };
}

/**
 * The in-page Shaka player. PDT mapping as Shaka's own `getLiveLatency` does it: the date of
 * presentation time 0 (`getPresentationStartTimeAsDate`, from the first PROGRAM-DATE-TIME) plus
 * the frame's mediaTime. Its latency figure is how far the playhead is behind the end of the
 * playlist as Shaka's presentation timeline places it (segment availability end - currentTime),
 * the figure hls.js's `latency` also gives, so the two players' `player_latency` compare; its
 * target is where it aims on that scale: its presentation delay, plus live sync's target when
 * enabled. (Shaka's `getStats().liveLatency` is now minus the playhead's PROGRAM-DATE-TIME: our
 * capture_to_display_pdt, measured already.) Loads come from a response filter (Shaka's loader
 * timings: total time only, no first byte).
 * The configuration is checked against Shaka's own before use: Shaka only logs unknown keys
 * (in its debug build), so a typo would otherwise measure the defaults without a word.
 */
const PAGE_SOURCE = `
window.__llhlsPlayer = (function () {
  var player = null;
  var now = function () { return performance.timeOrigin + performance.now(); };
  var num = function (v) { return typeof v === 'number' && isFinite(v) ? v : null; };
  var plain = function (value) {
    if (value === null || typeof value === 'number' || typeof value === 'string' || typeof value === 'boolean') return value;
    if (Array.isArray(value)) return value.every(function (x) { return x === null || typeof x !== 'object'; }) ? value.filter(function (x) { return typeof x !== 'function'; }) : undefined;
    if (typeof value !== 'object') return undefined;
    var out = {};
    Object.keys(value).sort().forEach(function (k) { var v = plain(value[k]); if (v !== undefined) out[k] = v; });
    return out;
  };
  var unknownKeys = function (given, known, path) {
    var bad = [];
    Object.keys(given).forEach(function (k) {
      var here = path ? path + '.' + k : k;
      if (!known || !Object.prototype.hasOwnProperty.call(known, k)) bad.push(here);
      else if (given[k] && typeof given[k] === 'object' && !Array.isArray(given[k]) && known[k] && typeof known[k] === 'object' && Object.keys(known[k]).length > 0)
        bad = bad.concat(unknownKeys(given[k], known[k], here));
    });
    return bad;
  };
  return {
    name: 'shaka-player',
    version: shaka.Player.version,
    load: function (video, src, config, emit) {
      shaka.polyfill.installAll();
      if (!shaka.Player.isBrowserSupported()) {
        emit('error', { code: 'unsupported', message: 'Shaka Player does not support this browser', fatal: true, uri: null });
        return;
      }
      player = new shaka.Player();
      var bad = unknownKeys(config, player.getConfiguration(), '');
      if (bad.length > 0) throw new Error('unknown option(s) ' + bad.join(', '));
      if (!player.configure(config)) throw new Error('Shaka rejected the configuration');
      player.addEventListener('error', function (e) {
        var d = e.detail || {};
        var data = Array.isArray(d.data) ? d.data : [];
        var uri = typeof data[0] === 'string' && /^[a-z]+:/.test(data[0]) ? data[0] : null;
        var message = d.message || ('Shaka error ' + d.code + ' (category ' + d.category + ')');
        emit('error', { code: 'shaka:' + d.category + ':' + d.code, message: String(message), fatal: d.severity === 2, uri: uri });
      });
      ['manifestparsed', 'variantchanged', 'adaptation', 'trackschanged'].forEach(function (name) {
        player.addEventListener(name, function () { emit('event', { name: 'player-event', detail: { event: name } }); });
      });
      var T = shaka.net.NetworkingEngine.AdvancedRequestType;
      player.getNetworkingEngine().registerResponseFilter(function (_type, response, context) {
        if (!context || context.type !== T.MEDIA_SEGMENT) return;
        var end = now();
        var ms = typeof response.timeMs === 'number' ? response.timeMs : 0;
        var partial = !!(context.segment && context.segment.isPartial && context.segment.isPartial());
        emit('load', {
          kind: partial ? 'part' : 'segment', url: response.uri, msn: null, part: null,
          start: end - ms, firstByte: null, end: end, bytes: response.data ? response.data.byteLength : 0,
        });
      });
      player.attach(video).then(function () { return player.load(src); }).catch(function (e) {
        var code = e && e.code !== undefined ? 'shaka:' + e.category + ':' + e.code : 'load';
        emit('error', { code: code, message: String((e && e.message) || e), fatal: true, uri: src });
      });
    },
    state: function () {
      if (!player) return { latency: null, targetLatency: null, drift: null };
      var manifest = player.getManifest();
      var timeline = manifest && manifest.presentationTimeline;
      var video = player.getMediaElement();
      if (!timeline || !video) return { latency: null, targetLatency: null, drift: null };
      var sync = player.getConfiguration().streaming.liveSync;
      var delay = timeline.getDelay();
      return {
        latency: num(timeline.getSegmentAvailabilityEnd() - video.currentTime),
        targetLatency: num(delay + (sync.enabled ? sync.targetLatency : 0)),
        drift: null,
      };
    },
    captureAt: function (t) {
      var start = player ? player.getPresentationStartTimeAsDate() : null;
      return start ? start.getTime() + t * 1000 : null;
    },
    resolvedConfig: function () { return player ? plain(player.getConfiguration()) : null; },
    destroy: function () { if (player) player.destroy(); player = null; },
  };
})();
`;

export const shakaAdapter: PlayerAdapter = {
  name: 'shaka-player',
  version: shakaVersion,
  assets: () => ({
    'shaka-player.hls.js': { contentType: 'text/javascript', body: () => readFileSync(shakaScriptPath()) },
  }),
  scripts: ['shaka-player.hls.js'],
  pageSource: PAGE_SOURCE,
  effectiveConfig: (overrides) => mergeConfig({ ...SHAKA_DEFAULT_CONFIG }, overrides),
  catchUpConfig: shakaCatchUpConfig,
  knownFailure: shakaKnownFailure,
};

/**
 * Shaka Player 5 fails with error 3018 (TRANSMUXING_FAILED) on MPEG-TS partial segments, ours and
 * another packager's, and plays the same streams' TS segments without parts (FINDINGS.md). A
 * low-latency playlist with parts and no EXT-X-MAP has MPEG-TS parts.
 */
export function shakaKnownFailure(playlist: MediaPlaylist): string | null {
  const parts = lastListedPart(playlist) !== null || playlist.preloadHint?.type === 'PART';
  if (!parts || playlist.initSection) return null;
  return 'Shaka Player fails on MPEG-TS partial segments (error 3018, TRANSMUXING_FAILED): serve CMAF parts (llhls serve --container fmp4), play without parts (--no-parts), or measure with --player hls.js';
}
