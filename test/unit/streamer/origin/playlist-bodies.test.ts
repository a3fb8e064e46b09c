import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { gunzipSync } from 'node:zlib';
import { PlaylistBodies } from '../../../../streamer/origin/playlist-bodies.js';
import { servedMedia } from '../../../../streamer/origin/served-media.js';
import { renderPlaylist } from '../../../../streamer/packager/playlist.js';
import { feed, frames, makePackager } from '../packager/synthetic-stream.js';

describe('PlaylistBodies', () => {
  it('is null before anything is published', () => {
    assert.equal(new PlaylistBodies(servedMedia(makePackager())).get(false), null);
  });

  it('renders once per window version and form, the same text renderPlaylist renders', () => {
    const packager = makePackager();
    const list = frames(300);
    feed(packager, list.slice(0, 250));
    const bodies = new PlaylistBodies(servedMedia(packager));
    const full = bodies.get(false);
    const skip = bodies.get(true);
    assert.equal(full?.text, renderPlaylist(packager.window));
    assert.equal(skip?.text, renderPlaylist(packager.window, { skip: true }));
    assert.notEqual(full?.text, skip?.text, 'the delta form skips segments');
    assert.equal(bodies.get(false), full, 'same version: the same prepared body');
    assert.equal(bodies.get(true), skip);
    const version = packager.window.version;
    feed(packager, list.slice(250));
    assert.ok(packager.window.version > version);
    const next = bodies.get(false);
    assert.notEqual(next, full, 'a new version renders again');
    assert.equal(next?.text, renderPlaylist(packager.window));
    assert.equal(bodies.get(true)?.text, renderPlaylist(packager.window, { skip: true }));
  });

  it('gzips a body once, to bytes that decompress to its text', () => {
    const packager = makePackager();
    feed(packager, frames(40));
    const body = new PlaylistBodies(servedMedia(packager)).get(false);
    assert.ok(body !== null);
    assert.equal(body.gzip, body.gzip, 'compressed once');
    assert.equal(gunzipSync(body.gzip).toString(), body.text);
    assert.equal(body.bytes.toString(), body.text);
  });
});
