/**
 * Compare's plan from a file and from --vary: every mistake is one line naming the file, the line
 * and the key (or the flag), checked before anything starts.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { planFromText } from '../../../../src/compare/compare-file.js';
import { ConfigurationKind, schedule } from '../../../../src/compare/configuration.js';
import { planFromVary } from '../../../../src/compare/vary.js';
import { isLlhlsError, LlhlsErrorCode } from '../../../../src/errors.js';

const FLAGS = { duration: '20s', warmup: '5s' };

async function fails(text: string, message: RegExp): Promise<void> {
  await assert.rejects(planFromText(text, 'c.yaml', FLAGS), (error: unknown) => {
    assert.ok(isLlhlsError(error), String(error));
    assert.equal(error.code, LlhlsErrorCode.Config);
    assert.equal(error.exitCode, 2);
    assert.doesNotMatch(error.message, /\n/);
    assert.match(error.message, message);
    return true;
  });
}

describe('compare file', () => {
  it('reads serve:, command: + url:, and url: configurations with their networks', async () => {
    const plan = await planFromText(
      `configurations:
  ll-200ms:
    serve: { part-duration: 0.2 }
  short-segments:
    serve: --no-parts --segment-duration 1
  ffmpeg-hls:
    command: "{ffmpeg} {source} -f hls {dir}/live.m3u8"
    url: http://127.0.0.1:{port}/live.m3u8
    network: { latency: 50ms, bandwidth: 2mbit }
  running:
    url: http://127.0.0.1:8080/live.m3u8
    clients: [node, browser]
    player: { catch-up: true }
`,
      'c.yaml',
      FLAGS,
    );
    assert.deepEqual(
      plan.configurations.map((c) => [c.name, c.kind]),
      [
        ['ll-200ms', ConfigurationKind.Serve],
        ['short-segments', ConfigurationKind.Serve],
        ['ffmpeg-hls', ConfigurationKind.Command],
        ['running', ConfigurationKind.Url],
      ],
    );
    assert.deepEqual(plan.configurations[0]!.serve, ['--test-src', '--part-duration', '0.2']);
    assert.deepEqual(plan.configurations[1]!.serve, ['--test-src', '--no-parts', '--segment-duration', '1']);
    assert.equal(plan.configurations[2]!.network?.description, 'latency 50ms, down 2mbit');
    assert.equal(plan.configurations[0]!.network, null);
    assert.deepEqual(plan.configurations[3]!.clients, ['node', 'browser']);
    assert.equal(plan.configurations[3]!.player.catchUp, true);
    assert.equal(plan.durationMs, 20_000);
    assert.equal(plan.warmupMs, 5000);
    assert.equal(plan.reference, 'll-200ms');
  });

  it('measures every configuration on each of the file’s networks, one block per network', async () => {
    const plan = await planFromText(
      `networks: { clean: none, cascade: { profile: cascade } }
reference: b
configurations: { a: { serve: {} }, b: { url: "http://127.0.0.1:1/x.m3u8" } }
`,
      'c.yaml',
      FLAGS,
    );
    assert.deepEqual(
      plan.configurations.map((c) => c.name),
      ['a @ clean', 'b @ clean', 'a @ cascade', 'b @ cascade'],
    );
    assert.equal(plan.configurations[2]!.network?.profile?.name, 'cascade');
    assert.equal(plan.reference, 'b @ clean');
  });

  it('names the file, line and key of a mistake', async () => {
    await fails(
      'configurations:\n  a:\n    serve: { part-duratoin: 0.2 }\n',
      /^c\.yaml:3: configurations\.a\.serve: 'part-duratoin' is not an llhls serve flag; did you mean part-duration\?$/,
    );
    await fails(
      'configurations:\n  a:\n    serve:\n      part-duration: abc\n',
      /^c\.yaml:3: configurations\.a\.serve: --part-duration expects a duration/,
    );
    await fails(
      'configurations:\n  a:\n    serve: {}\n    network: cascadex\n',
      /^c\.yaml:4: configurations\.a\.network\.profile/,
    );
    await fails(
      'configurations:\n  a:\n    serve: {}\n    nework: none\n',
      /^c\.yaml:4: configurations\.a\.nework is not a key here/,
    );
    await fails(
      'configurations:\n  a:\n    command: sleep 9\n',
      /^c\.yaml:2: configurations\.a has a command: but no url:/,
    );
    await fails(
      'configurations:\n  a: { url: "http://x/{nope}.m3u8" }\n',
      /^c\.yaml:2: configurations\.a\.url: \{nope\} is not a placeholder/,
    );
    await fails(
      'configurations:\n  a: { url: "ftp://x/y" }\n',
      /^c\.yaml:2: configurations\.a\.url expects an http\(s\) playlist URL/,
    );
    await fails(
      'repeat: 0\nconfigurations: { a: { serve: {} } }\n',
      /^c\.yaml:1: repeat expects a whole number from 1 to 100/,
    );
    await fails(
      'configurations: { a: { serve: { http-port: 80 } } }\n',
      /--http-port is not yours to set here/,
    );
    await fails('configurations:\n  a: { serve: {}\n', /^c\.yaml:\d: not valid YAML or JSON/);
    await fails('configuration: {}\n', /^c\.yaml:1: configuration is not a key here/);
    await fails(
      'configurations: { a: { serve: {} } }\nreference: zz\n',
      /^c\.yaml:2: reference 'zz' is not a configuration \(a\)$/,
    );
  });

  it('names the player of each configuration; each player keeps its own options', async () => {
    const plan = await planFromText(
      `player: { hls-config: { liveSyncDuration: 1.5 }, catch-up: true }
clients: browser
configurations:
  hlsjs:
    serve: {}
  shaka:
    serve: { container: fmp4 }
    player: { name: shaka, config: { streaming: { rebufferingGoal: 0.5 } } }
  shaka-bare:
    serve: { container: fmp4 }
    player: { name: shaka, catch-up: false }
  hlsjs-more:
    serve: {}
    player: { config: '{"maxLiveSyncPlaybackRate": 1.5}' }
`,
      'c.yaml',
      FLAGS,
    );
    const players = plan.configurations.map((c) => c.player);
    assert.deepEqual(players[0], {
      name: 'hls.js',
      catchUp: true,
      config: { liveSyncDuration: 1.5 },
      configKey: 'player.hls-config',
    });
    // The file's hls.js options are not Shaka's.
    assert.deepEqual(players[1], {
      name: 'shaka',
      catchUp: true,
      config: { streaming: { rebufferingGoal: 0.5 } },
      configKey: 'configurations.shaka.player.config',
    });
    assert.deepEqual(players[2], { name: 'shaka', catchUp: false, config: {}, configKey: null });
    assert.deepEqual(players[3]!.config, { liveSyncDuration: 1.5, maxLiveSyncPlaybackRate: 1.5 });
  });

  it('flags set the player of every configuration, a configuration’s own player: wins', async () => {
    const text =
      'clients: browser\nconfigurations: { a: { serve: {} }, b: { serve: {}, player: { name: hls.js } } }\n';
    const plan = await planFromText(text, 'c.yaml', {
      ...FLAGS,
      player: 'shaka',
      'player-config': '{"streaming":{"lowLatencyMode":true}}',
      'hls-config': '{"liveSyncDuration":2}',
    });
    assert.deepEqual(plan.configurations[0]!.player, {
      name: 'shaka',
      catchUp: false,
      config: { streaming: { lowLatencyMode: true } },
      configKey: '--player-config',
    });
    assert.deepEqual(plan.configurations[1]!.player.config, { liveSyncDuration: 2 });
    // A flag's mistake names the flag, not a line of the file.
    await assert.rejects(planFromText(text, 'c.yaml', { ...FLAGS, player: 'vlc' }), (error: unknown) => {
      assert.ok(isLlhlsError(error));
      assert.equal(error.code, LlhlsErrorCode.InvalidFlag);
      assert.equal(error.message, '--player expects hls.js or shaka; received "vlc"');
      return true;
    });
  });

  it('names the key of a bad player: value', async () => {
    const conf = (player: string): string => `configurations:\n  a:\n    serve: {}\n    player: ${player}\n`;
    await fails(
      conf('{ name: vlc }'),
      /^c\.yaml:4: configurations\.a\.player\.name expects hls\.js or shaka; received "vlc"$/,
    );
    await fails(
      conf('shaka'),
      /^c\.yaml:4: configurations\.a\.player expects a map with name, catch-up and config; received "shaka"$/,
    );
    await fails(
      conf('{ nme: shaka }'),
      /^c\.yaml:4: configurations\.a\.player\.nme is not a key here \(keys: name, catch-up, config, hls-config\)$/,
    );
    await fails(
      conf('{ catch-up: yes please }'),
      /^c\.yaml:4: configurations\.a\.player\.catch-up is true or false$/,
    );
    await fails(
      conf('{ name: shaka, hls-config: {} }'),
      /^c\.yaml:4: configurations\.a\.player\.hls-config configures hls\.js; for shaka use configurations\.a\.player\.config$/,
    );
    await fails(
      conf('{ hls-config: {}, config: {} }'),
      /^c\.yaml:4: configurations\.a\.player\.hls-config and configurations\.a\.player\.config are the same options for hls\.js: give one$/,
    );
    await fails(
      conf('{ config: "{nope" }'),
      /^c\.yaml:4: configurations\.a\.player\.config is not valid JSON/,
    );
    await fails(
      conf('{ name: shaka, config: [1] }'),
      /^c\.yaml:4: configurations\.a\.player\.config expects shaka options as a map or a JSON object; received \[1\]$/,
    );
  });

  it('reads JSON too', async () => {
    const plan = await planFromText(
      '{"configurations": {"a": {"serve": {"part-duration": 0.333}}}}',
      'c.json',
      FLAGS,
    );
    assert.deepEqual(plan.configurations[0]!.serve, ['--test-src', '--part-duration', '0.333']);
  });

  it('interleaves repeats: A B A B', async () => {
    const plan = await planFromText(
      'repeat: 2\nconfigurations: { a: { serve: {} }, b: { serve: {} } }\n',
      'c.yaml',
      FLAGS,
    );
    assert.deepEqual(
      schedule(plan).map((s) => `${s.configuration.name}${s.repeat}`),
      ['a1', 'b1', 'a2', 'b2'],
    );
  });
});

describe('--vary', () => {
  it('makes the cartesian product of several --vary', async () => {
    const plan = await planFromVary(['part-duration=0.1,0.2', 'network=none,cascade'], FLAGS);
    assert.deepEqual(
      plan.configurations.map((c) => c.name),
      [
        'part-duration=0.1 network=none',
        'part-duration=0.1 network=cascade',
        'part-duration=0.2 network=none',
        'part-duration=0.2 network=cascade',
      ],
    );
    assert.equal(plan.configurations[1]!.network?.profile?.name, 'cascade');
    assert.deepEqual(plan.configurations[3]!.serve, ['--test-src', '--part-duration', '0.2']);
  });

  it('varies the player: hls.js and Shaka on the same serve flags', async () => {
    const plan = await planFromVary(['player=hls.js,shaka'], {
      ...FLAGS,
      client: 'browser',
      serve: '--container fmp4',
    });
    assert.deepEqual(
      plan.configurations.map((c) => [c.name, c.player.name, c.serve!.join(' ')]),
      [
        ['player=hls.js', 'hls.js', '--test-src --container fmp4'],
        ['player=shaka', 'shaka', '--test-src --container fmp4'],
      ],
    );
  });

  it('names the flag and the value that is wrong', async () => {
    for (const [vary, message] of [
      [
        ['part-duratio=1'],
        /^--vary part-duratio=1: 'part-duratio' is not an llhls serve flag; did you mean part-duration\?$/,
      ],
      [['part-duration'], /^--vary expects KEY=VALUE,VALUE/],
      [['part-duration=0.1', 'part-duration=0.2'], /^--vary part-duration is given twice/],
      [['part-duration=0.1,x'], /^--vary \(part-duration=x\): --part-duration expects a duration/],
      [['player=hls.js,vlc'], /^--vary player=hls\.js,vlc: player expects hls\.js or shaka; received 'vlc'$/],
      [
        ['player=hls.js,shaka'],
        /^--vary \(player=hls\.js\): a player plays in the browser client only, and this configuration's clients are node: add browser/,
      ],
    ] as const) {
      await assert.rejects(planFromVary(vary, FLAGS), (error: unknown) => {
        assert.ok(isLlhlsError(error));
        assert.equal(error.code, LlhlsErrorCode.InvalidFlag);
        assert.match(error.message, message);
        return true;
      });
    }
  });
});
