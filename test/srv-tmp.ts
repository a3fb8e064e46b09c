import { startFakeLlHls } from '../test/helpers/hls-servers.js';

const kind = process.argv[2] ?? 'ok';
const opts: Record<string, Parameters<typeof startFakeLlHls>[0]> = {
  ok: {},
  td0: { parts: false, blocking: false, misbehave: { targetDurationZero: true, freezeAfterMs: 2000 } },
  skip: { misbehave: { unrequestedSkip: true } },
  stale: { parts: false, blocking: false, misbehave: { freezeAfterMs: 3000 } },
};
const s = await startFakeLlHls(opts[kind]);
console.log(s.url);
process.on('SIGTERM', () => {
  void s.close().then(() => process.exit(0));
});
