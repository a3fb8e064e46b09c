import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
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
 * default does not change what we measure); everything else is Shaka's own. For an LL-HLS stream
 * Shaka then applies its low-latency profile (segmentPrefetchLimit 2, updateIntervalSeconds 0.1,
 * inaccurateManifestTolerance 0, ...) and starts PART-HOLD-BACK behind the live edge.
 */
export const SHAKA_DEFAULT_CONFIG: Readonly<Record<string, unknown>> = { streaming: { lowLatencyMode: true } };

/**
 * Shaka with catch-up, aiming `holdBack` seconds behind the end of the playlist. Shaka's live
 * sync (`streaming.liveSync`) only changes the playback rate: above target + tolerance it plays at
 * maxPlaybackRate, below target - tolerance at minPlaybackRate, else at 1; it never seeks. Its
 * latency is the distance from the playhead to the end of the seek range, which for a live HLS
 * stream is the playlist end, so the target is the hold-back itself; the tolerance is the slack
 * hls.js gets (0.1 s), the rates 1.5 (as hls.js's) and 1 (never slower than real time: a player
 * ahead of its target only waits for the next part).
 */
export function shakaCatchUpConfig(holdBack: number): Record<string, unknown> {
  return {
    streaming: {
      liveSync: {
        enabled: true,
        targetLatency: holdBack,
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
 * the frame's mediaTime. Shaka's latency figure (`getStats().liveLatency`) is now minus that
 * date for the playhead: a PDT-based figure. Its target: live sync's target when enabled, else
 * the presentation delay it started at (PART-HOLD-BACK for an LL-HLS stream). Loads come from a
 * response filter (Shaka's loader timings: total time only, no first byte).
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
      var live = player.getStats().liveLatency;
      var sync = player.getConfiguration().streaming.liveSync;
      var manifest = player.getManifest();
      var delay = manifest && manifest.presentationTimeline ? manifest.presentationTimeline.getDelay() : null;
      return { latency: num(live), targetLatency: num(sync.enabled ? sync.targetLatency : delay), drift: null };
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
};
