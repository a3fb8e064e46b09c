import type { FrameCodeLayout } from '../hls/timestamps.js';
import type { PlayerAdapter } from './player-adapter.js';

/** Where the harness lives on the stream's own origin (intercepted, never sent to the server). */
export const HARNESS_PREFIX = '/__llhls__/';
export const HARNESS_PAGE = 'harness.html';
/** Name of the Node function the page calls with each batch (`page.exposeFunction`). */
export const REPORT_BINDING = '__llhlsReport';

export interface HarnessParams {
  src: string;
  config: Record<string, unknown>;
  frameCode: FrameCodeLayout | null;
  batchMs: number;
}

/**
 * The generic measuring page: plays through `window.__llhlsPlayer` (see PlayerAdapter) and, for
 * every presented frame (requestVideoFrameCallback), records the display instant, mediaTime, the
 * player's PDT capture and, for the llhls test source, the frame-code block means. The strip is
 * drawn into a canvas 4 px high and 4 px per block, and each block's centre 2x2 pixels averaged:
 * a ~400-pixel read, cheap at 60 fps. Decoding happens in Node (frame-code.ts).
 */
const HARNESS_SCRIPT = `
(function () {
  var params = JSON.parse(document.getElementById('llhls-params').textContent);
  var video = document.getElementById('v');
  var origin = performance.timeOrigin;
  var now = function () { return origin + performance.now(); };
  var batch = { frames: [], states: [], stalls: [], events: [], errors: [], loads: [] };
  var player = window.__llhlsPlayer;
  var layout = params.frameCode;
  var PX = 4;
  var canvas = null, ctx = null;
  if (layout) {
    canvas = document.createElement('canvas');
    canvas.width = (layout.bits + 2) * PX;
    canvas.height = PX;
    ctx = canvas.getContext('2d', { willReadFrequently: true });
  }
  var readStrip = function (w, h) {
    if (!ctx || !w || !h) return null;
    var sx = w / layout.frameWidth, sy = h / layout.frameHeight, n = layout.bits + 2;
    ctx.drawImage(video, layout.x * sx, layout.y * sy, n * layout.blockSize * sx, layout.blockSize * sy, 0, 0, n * PX, PX);
    var px = ctx.getImageData(0, 0, n * PX, PX).data;
    var out = new Array(n);
    for (var b = 0; b < n; b++) {
      var sum = 0;
      for (var y = 1; y <= 2; y++) for (var x = b * PX + 1; x <= b * PX + 2; x++) {
        var i = (y * n * PX + x) * 4;
        sum += 0.299 * px[i] + 0.587 * px[i + 1] + 0.114 * px[i + 2];
      }
      out[b] = Math.round(sum / 4);
    }
    return out;
  };
  var emit = function (kind, p) {
    if (kind === 'load') batch.loads.push(p);
    else if (kind === 'error') batch.errors.push(Object.assign({ t: now() }, p));
    else batch.events.push(Object.assign({ t: now() }, p));
  };
  var loadAt = 0, firstFrame = false, stall = null, seek = null, seekFrom = null, lastMediaTime = null;
  var onFrame = function (_now, md) {
    var strip = null;
    try { strip = readStrip(md.width || video.videoWidth, md.height || video.videoHeight); } catch (e) { strip = null; }
    var frame = { d: origin + md.expectedDisplayTime, m: md.mediaTime, p: player.captureAt(md.mediaTime), b: strip, n: md.presentedFrames };
    batch.frames.push(frame);
    lastMediaTime = md.mediaTime;
    if (!firstFrame) {
      firstFrame = true;
      batch.events.push({ t: frame.d, name: 'first-frame', detail: { mediaTime: md.mediaTime } });
      batch.events.push({ t: frame.d, name: 'startup', detail: { startupMs: frame.d - loadAt } });
    }
    video.requestVideoFrameCallback(onFrame);
  };
  // The harness never seeks, so every seek is the player's own (a live-sync jump, a gap nudge).
  // A picture frozen while one completes is a stall caused by the seek, not an empty buffer.
  // By the time 'seeking' fires, currentTime already reads the target, so where the seek came
  // from is taken as the player assigns currentTime: the element's own accessor, wrapped.
  // A seek the player starts otherwise (fastSeek) falls back to the last presented frame.
  var position = Object.getOwnPropertyDescriptor(HTMLMediaElement.prototype, 'currentTime');
  Object.defineProperty(video, 'currentTime', {
    configurable: true,
    get: function () { return position.get.call(this); },
    set: function (value) {
      var before = position.get.call(this);
      position.set.call(this, value);
      // No seek starts before metadata (the value becomes the start position): nothing to pair.
      if (this.seeking && seekFrom === null) seekFrom = before;
    },
  });
  video.addEventListener('seeking', function () {
    var from = seekFrom !== null ? seekFrom : lastMediaTime;
    seekFrom = null;
    // A seek issued while another is under way extends it: first origin, last target.
    if (seek === null) seek = { start: now(), from: from, to: video.currentTime };
    else seek.to = video.currentTime;
  });
  video.addEventListener('seeked', function () {
    if (seek === null) return;
    var end = now();
    batch.events.push({ t: seek.start, name: 'seek', detail: { from: seek.from, to: seek.to, durationMs: end - seek.start } });
    seek = null;
  });
  // Seconds of media buffered from the playhead on (a range starting within 50 ms counts).
  var bufferAhead = function () {
    var buffered = video.buffered, ahead = 0, at = video.currentTime;
    for (var i = 0; i < buffered.length; i++) {
      if (buffered.start(i) <= at + 0.05 && buffered.end(i) > at) ahead = buffered.end(i) - at;
    }
    return ahead;
  };
  video.addEventListener('waiting', function () {
    if (firstFrame && stall === null) {
      stall = { start: now(), end: null, cause: seek !== null || video.seeking ? 'seek' : 'underrun', bufferAhead: bufferAhead() };
      batch.stalls.push(stall);
    }
  });
  video.addEventListener('playing', function () {
    if (stall !== null) {
      stall = { start: stall.start, end: now(), cause: stall.cause, bufferAhead: stall.bufferAhead };
      batch.stalls.push(stall);
      stall = null;
    }
  });
  var flush = function () {
    var s = player.state();
    var ahead = bufferAhead();
    var q = video.getVideoPlaybackQuality ? video.getVideoPlaybackQuality() : null;
    batch.states.push({
      t: now(), latency: s.latency, targetLatency: s.targetLatency, drift: s.drift, playbackRate: video.playbackRate,
      bufferAhead: ahead, droppedFrames: q ? q.droppedVideoFrames : null, totalFrames: q ? q.totalVideoFrames : null,
    });
    var out = batch;
    batch = { frames: [], states: [], stalls: [], events: [], errors: [], loads: [] };
    window.__llhlsReport(out);
  };
  var timer = null;
  window.__llhlsStop = function () { if (timer !== null) clearInterval(timer); flush(); player.destroy(); };
  // Node starts playback once request interception is off, so no media request is routed.
  // Returns null, or the message of a player that refused to start (e.g. an invalid config).
  window.__llhlsStart = function () {
    video.requestVideoFrameCallback(onFrame);
    loadAt = now();
    batch.events.push({ t: loadAt, name: 'load', detail: { src: params.src } });
    try {
      player.load(video, params.src, params.config, emit);
    } catch (e) {
      return String((e && e.message) || e);
    }
    timer = setInterval(flush, params.batchMs);
    return null;
  };
})();
`;

/** `</script>` inside JSON would end the script element early; `<` escaped keeps it data. */
function scriptSafeJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c');
}

/** The harness HTML for a player adapter and a stream. */
export function harnessHtml(adapter: PlayerAdapter, params: HarnessParams): string {
  const scripts = adapter.scripts.map((s) => `<script src="${s}"></script>`).join('\n');
  return `<!doctype html>
<html><head><meta charset="utf-8"><title>llhls harness</title></head>
<body style="margin:0;background:#000">
<video id="v" muted autoplay playsinline style="width:100%"></video>
<script type="application/json" id="llhls-params">${scriptSafeJson(params)}</script>
${scripts}
<script>${adapter.pageSource}</script>
<script>${HARNESS_SCRIPT}</script>
</body></html>`;
}
