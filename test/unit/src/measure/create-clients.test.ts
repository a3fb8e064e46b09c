import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { choosePlayer } from '../../../../src/browser/player-choice.js';
import { LlhlsError } from '../../../../src/errors.js';
import { createClients, parseClientKinds } from '../../../../src/measure/create-clients.js';

describe('parseClientKinds', () => {
  it('accepts node, browser and both', () => {
    assert.deepEqual(parseClientKinds('node'), ['node']);
    assert.deepEqual(parseClientKinds('browser'), ['browser']);
    assert.deepEqual(parseClientKinds('node, Browser'), ['node', 'browser']);
  });

  for (const bad of ['', 'vlc', 'node,node', 'node,']) {
    it(`rejects '${bad}' naming --client`, () => {
      assert.throws(
        () => parseClientKinds(bad),
        (e: unknown) =>
          e instanceof LlhlsError && e.code === 'LLHLS_INVALID_FLAG' && e.message.includes('--client'),
      );
    });
  }
});

describe('createClients', () => {
  it('builds one client per kind, in order, with the flags they take', () => {
    const clients = createClients(['node', 'browser'], {
      viewers: 3,
      player: choosePlayer({ hlsConfig: '{"liveSyncDuration":1.5}' }),
      headed: false,
    });
    assert.deepEqual(
      clients.map((c) => c.kind),
      ['node', 'browser'],
    );
    assert.equal(clients[0]?.info().viewers, 3);
    assert.equal(clients[1]?.info().player?.config['liveSyncDuration'], 1.5);
  });

  it('refuses --catch-up without the browser client', () => {
    assert.throws(
      () => createClients(['node'], { catchUp: true }),
      /--catch-up applies to the browser client/,
    );
  });

  it('plays with the chosen player; refuses --player or a player config without the browser client', () => {
    const [browser] = createClients(['browser'], { player: choosePlayer({ player: 'shaka' }) });
    assert.equal(browser?.info().player?.name, 'shaka-player');
    assert.deepEqual(browser?.info().player?.config['streaming'], { lowLatencyMode: true });
    assert.throws(
      () => createClients(['node'], { player: choosePlayer({ player: 'shaka' }) }),
      /--player applies to the browser client/,
    );
    assert.throws(
      () => createClients(['node'], { player: choosePlayer({ playerConfig: '{"liveSyncDuration":1}' }) }),
      /--player-config applies to the browser client/,
    );
    assert.equal(createClients(['node'], { player: choosePlayer({}) }).length, 1);
  });

  it('refuses --viewers without the node client', () => {
    assert.throws(() => createClients(['browser'], { viewers: 4 }), /--viewers/);
  });
});
