import { readFileSync } from 'node:fs';
import { hlsJsScriptPath } from './hlsjs-adapter.js';

/**
 * The standalone player page (`browser.html`), for people who want to look rather than run a
 * command: `llhls serve` serves it at `/player`; `?src=URL` plays any stream (default: this
 * origin's /playlist.m3u8). hls.js comes from `./hls.min.js` next to it. It shows the live
 * latency by PROGRAM-DATE-TIME, by the frame code when the stream is an llhls test source (the
 * decode mirrors src/browser/frame-code.ts), hls.js's own figure, and a rolling 60 s chart.
 * The chart is a small hand-drawn canvas: two lines do not justify serving chart.js's 200 KB.
 * The page's clock is corrected with the origin's `/time` when it answers (NTP-style, best of 5).
 */
export const PLAYER_PAGE_HTML = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>llhls player</title>
<style>
  body { margin: 0; font: 14px/1.4 system-ui, sans-serif; background: #111; color: #eee; }
  main { max-width: 1280px; margin: 0 auto; padding: 12px; }
  video { width: 100%; background: #000; }
  .figures { display: flex; flex-wrap: wrap; gap: 8px 24px; margin: 8px 0; }
  .figures div { min-width: 150px; }
  .figures b { display: block; font: 600 22px/1.2 ui-monospace, monospace; }
  .code b { color: #6cf; } .pdt b { color: #fc6; }
  small { color: #999; } canvas { width: 100%; height: 180px; background: #1a1a1a; }
  form { display: flex; gap: 8px; margin-bottom: 8px; } input { flex: 1; }
</style></head>
<body><main>
<form id="f"><input id="src" name="src" placeholder="playlist URL"><button>Play</button></form>
<video id="v" muted autoplay playsinline controls></video>
<div class="figures">
  <div class="code"><small>capture to display (frame code)</small><b id="byCode">-</b></div>
  <div class="pdt"><small>capture to display (PDT)</small><b id="byPdt">-</b></div>
  <div><small>hls.js latency / target</small><b id="player">-</b></div>
  <div><small>rate / buffer ahead</small><b id="rate">-</b></div>
  <div><small>stalls / dropped frames</small><b id="stalls">-</b></div>
  <div><small>clock offset (page - server)</small><b id="clock">-</b></div>
</div>
<canvas id="chart" width="1200" height="180"></canvas>
<small id="status"></small>
</main>
<script src="./hls.min.js"></script>
<script>
(function () {
  var q = new URLSearchParams(location.search);
  var src = new URL(q.get('src') || '/playlist.m3u8', location.href).href;
  var $ = function (id) { return document.getElementById(id); };
  $('src').value = src;
  var video = $('v'), origin = new URL(src).origin, offset = 0, layout = null, codes = new Map();
  var status = function (text) { $('status').textContent = text; };
  var now = function () { return performance.timeOrigin + performance.now(); };

  // Server clock: best (shortest round trip) of 5 probes of /time; absent → assume 0.
  var syncClock = async function () {
    var best = null;
    for (var i = 0; i < 5; i++) {
      try {
        var t0 = now(), r = await fetch(origin + '/time', { cache: 'no-store' }), j = await r.json(), t3 = now();
        var rtt = (t3 - t0) - (j.send - j.receive), o = ((t0 - j.receive) + (t3 - j.send)) / 2;
        if (best === null || rtt < best.rtt) best = { rtt: rtt, offset: o };
      } catch (e) { return; }
    }
    if (best) { offset = best.offset; $('clock').textContent = offset.toFixed(1) + ' ms'; }
  };
  // Frame codes: refresh the code → capture map from /timestamps.json (every 500 ms when present).
  var refreshCodes = async function () {
    try {
      var r = await fetch(origin + '/timestamps.json', { cache: 'no-store' });
      if (!r.ok) return false;
      var doc = await r.json();
      layout = doc.stream && doc.stream.frameCode;
      if (!layout) return false;
      doc.segments.forEach(function (s) { s.parts.forEach(function (p) { p.frameCaptures.forEach(function (c) {
        codes.set(Math.floor(c) % Math.pow(2, layout.bits), c);
      }); }); });
      if (codes.size > 20000) codes = new Map(Array.from(codes).slice(-10000));
      return true;
    } catch (e) { return false; }
  };
  var lookup = function (code) {
    var m = Math.pow(2, layout.bits);
    var c = codes.get(code); if (c === undefined) c = codes.get((code + 1) % m); if (c === undefined) c = codes.get((code - 1 + m) % m);
    return c === undefined ? null : c;
  };
  var strip = document.createElement('canvas'), sctx = strip.getContext('2d', { willReadFrequently: true });
  var readCode = function (w, h) {
    if (!layout || !w) return null;
    var n = layout.bits + 2, sx = w / layout.frameWidth, sy = h / layout.frameHeight;
    strip.width = n * 4; strip.height = 4;
    sctx.drawImage(video, layout.x * sx, layout.y * sy, n * layout.blockSize * sx, layout.blockSize * sy, 0, 0, n * 4, 4);
    var px = sctx.getImageData(0, 0, n * 4, 4).data, means = [];
    for (var b = 0; b < n; b++) {
      var i = (2 * n * 4 + b * 4 + 2) * 4;
      means.push(0.299 * px[i] + 0.587 * px[i + 1] + 0.114 * px[i + 2]);
    }
    if (means[0] - means[1] < 64) return null;
    var threshold = (means[0] + means[1]) / 2, code = 0;
    for (var k = 2; k < n; k++) code = code * 2 + (means[k] > threshold ? 1 : 0);
    return code;
  };

  var hls = null, series = [], stalls = 0, waitingAt = null;
  var fragAt = function (t) {
    var level = hls && hls.levels[hls.currentLevel >= 0 ? hls.currentLevel : hls.loadLevel];
    var d = level && level.details; if (!d) return null;
    if (d.fragmentHint && d.fragmentHint.start <= t) return d.fragmentHint;
    for (var i = d.fragments.length - 1; i >= 0; i--) if (d.fragments[i].start <= t) return d.fragments[i];
    return null;
  };
  var onFrame = function (_n, md) {
    var display = performance.timeOrigin + md.expectedDisplayTime - offset;
    var frag = fragAt(md.mediaTime), byPdt = null, byCode = null;
    if (frag && frag.programDateTime !== null) byPdt = display - (frag.programDateTime + (md.mediaTime - frag.start) * 1000);
    var code = null;
    try { code = readCode(md.width, md.height); } catch (e) { code = null; }
    if (code !== null) { var c = lookup(code); if (c !== null) byCode = display - c; }
    series.push({ t: display, code: byCode, pdt: byPdt });
    video.requestVideoFrameCallback(onFrame);
  };
  var fmt = function (ms) { return ms === null ? '-' : (ms / 1000).toFixed(3) + ' s'; };
  var last = function (key) { for (var i = series.length - 1; i >= 0 && i > series.length - 30; i--) if (series[i][key] !== null) return series[i][key]; return null; };
  var draw = function () {
    var c = $('chart'), g = c.getContext('2d'), end = now() - offset, span = 60000;
    while (series.length && series[0].t < end - span) series.shift();
    var max = 500;
    series.forEach(function (s) { max = Math.max(max, s.code || 0, s.pdt || 0); });
    max = Math.ceil(max / 500) * 500;
    g.clearRect(0, 0, c.width, c.height);
    g.strokeStyle = '#333'; g.fillStyle = '#888'; g.font = '12px monospace';
    for (var v = 0; v <= max; v += 500) {
      var y = c.height - (v / max) * (c.height - 10);
      g.beginPath(); g.moveTo(0, y); g.lineTo(c.width, y); g.stroke(); g.fillText((v / 1000).toFixed(1) + ' s', 4, y - 2);
    }
    [['pdt', '#fc6'], ['code', '#6cf']].forEach(function (line) {
      g.strokeStyle = line[1]; g.beginPath(); var started = false;
      series.forEach(function (s) {
        if (s[line[0]] === null) { started = false; return; }
        var x = c.width - ((end - s.t) / span) * c.width, y = c.height - (s[line[0]] / max) * (c.height - 10);
        if (started) g.lineTo(x, y); else g.moveTo(x, y); started = true;
      });
      g.stroke();
    });
    $('byCode').textContent = layout ? fmt(last('code')) : 'n/a';
    $('byPdt').textContent = fmt(last('pdt'));
    var sec = function (v) { return typeof v === 'number' && isFinite(v) ? v.toFixed(2) : '-'; };
    if (hls) $('player').textContent = sec(hls.latency) + ' / ' + sec(hls.targetLatency);
    var ahead = 0; for (var i = 0; i < video.buffered.length; i++) if (video.buffered.end(i) > video.currentTime) ahead = video.buffered.end(i) - video.currentTime;
    $('rate').textContent = video.playbackRate.toFixed(2) + ' / ' + ahead.toFixed(2) + ' s';
    var pq = video.getVideoPlaybackQuality ? video.getVideoPlaybackQuality() : null;
    $('stalls').textContent = stalls + ' / ' + (pq ? pq.droppedVideoFrames : '-');
    requestAnimationFrame(draw);
  };
  video.addEventListener('waiting', function () { if (series.length && waitingAt === null) { waitingAt = now(); stalls++; } });
  video.addEventListener('playing', function () { waitingAt = null; });

  var start = async function () {
    await syncClock();
    // Only an llhls origin publishes frame codes; do not poll a server that has none.
    if (await refreshCodes()) setInterval(refreshCodes, 500);
    if (!window.Hls || !Hls.isSupported()) { status('hls.js is not supported in this browser (no MediaSource)'); return; }
    var config = { lowLatencyMode: true };
    try { Object.assign(config, JSON.parse(q.get('config') || '{}')); } catch (e) { status('ignoring ?config: not JSON'); }
    hls = new Hls(config);
    hls.on(Hls.Events.ERROR, function (_e, d) { status((d.fatal ? 'fatal: ' : '') + d.type + ' ' + d.details); });
    hls.loadSource(src); hls.attachMedia(video);
    video.requestVideoFrameCallback(onFrame);
    requestAnimationFrame(draw);
    status('hls.js ' + Hls.version + ', ' + JSON.stringify(config));
  };
  start();
})();
</script>
</body></html>
`;

/** Routes the origin mounts for the page: `/player` and the hls.js it loads. */
export function playerPageRoutes(): Record<string, { contentType: string; body: () => Buffer | string }> {
  return {
    '/player': { contentType: 'text/html; charset=utf-8', body: () => PLAYER_PAGE_HTML },
    '/hls.min.js': {
      contentType: 'text/javascript; charset=utf-8',
      body: () => readFileSync(hlsJsScriptPath()),
    },
  };
}
