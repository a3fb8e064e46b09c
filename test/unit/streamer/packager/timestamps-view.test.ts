import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import Ajv2020 from 'ajv/dist/2020.js';
import { buildTimestamps, type StreamDescription } from '../../../../streamer/packager/timestamps-view.js';
import { feed, frames, makePackager } from './synthetic-stream.js';

const schema = JSON.parse(
  readFileSync(new URL('../../../../schemas/timestamps.schema.json', import.meta.url), 'utf8'),
);
const stream: StreamDescription = {
  codec: 'avc1.42c01f',
  width: 1280,
  height: 720,
  frameRate: 30,
  audio: false,
  source: 'test',
  captureSource: 'wallclock',
  frameCode: { kind: 'capture-ms', bits: 24, x: 0, y: 0, blockSize: 32, frameWidth: 1280, frameHeight: 720 },
};

describe('buildTimestamps', () => {
  const packager = makePackager();
  const list = frames(75);
  feed(packager, list);
  const doc = buildTimestamps(packager.window, stream, 123.5);

  it('validates against schemas/timestamps.schema.json', () => {
    const ajv = new Ajv2020.default({ strict: true });
    const validate = ajv.compile(schema);
    assert.equal(validate(doc), true, JSON.stringify(validate.errors));
    assert.equal(validate({ ...doc, schema: 'llhls.timestamps/2' }), false);
    assert.equal(validate(buildTimestamps(makePackager().window, stream, 0)), true);
  });

  it('describes every segment and part with capture and publish times', () => {
    assert.equal(doc.serverTime, 123.5);
    assert.equal(doc.stream.partTarget, 0.1);
    assert.equal(doc.stream.targetDuration, 1);
    assert.equal(doc.segments.length, 3);
    const [s0, , s2] = doc.segments;
    assert.equal(s0!.programDateTime, list[0]!.capture);
    assert.equal(s0!.complete, true);
    assert.equal(s2!.complete, false);
    assert.equal(s2!.parts.length, 5);
    const part = s0!.parts[1]!;
    assert.deepEqual(part.frameCaptures, [list[3]!.capture, list[4]!.capture, list[5]!.capture]);
    assert.equal(part.capture, list[3]!.capture);
    assert.equal(part.publish, list[5]!.capture + 5);
    assert.equal(part.uri, 'part1.ts');
  });
});
