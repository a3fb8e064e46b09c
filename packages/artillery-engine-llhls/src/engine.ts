import type { EventEmitter } from 'node:events';
import { NodeClient } from '../../../src/client/node-client.js';
import { ARTILLERY_COUNTER, artilleryName } from '../../../src/run/artillery-names.js';
import type { MeasureContext } from '../../../src/run/measure-client.js';
import { DEFAULT_TLS } from '../../../src/tls-options.js';
import { type ArtilleryMetric, findingMetrics, sampleMetrics } from './artillery-metrics.js';
import { type ViewerOptions, type ViewerSpec, viewerOptions } from './viewer-options.js';

/** The parts of an Artillery script this engine reads. */
export interface ArtilleryScript {
  config: { target?: unknown; engines?: { llhls?: ViewerSpec } };
}

export interface LlhlsScenarioSpec {
  name?: string;
  llhls?: ViewerSpec;
}

type ScenarioFn = (context: unknown, done: (error: Error | null, context: unknown) => void) => void;

/**
 * Artillery engine `llhls`: each virtual user is one LL-HLS viewer, the Node client `llhls
 * measure` runs (blocking reloads, preload hints, delta updates, its simulated player and
 * protocol checks), playing the scenario's URL for its duration. Every figure a sample carries
 * goes to an Artillery histogram `llhls.<metric>` (ms) as it is measured, so Artillery's
 * periods, workers and `ensure` see them; stalls, errors, parts and failed findings are counters.
 *
 * The worker's clock is taken as the server's (no clock probe per user): capture-based figures
 * need workers whose clocks are synchronised with the origin's (NTP), as `llhls clock` checks.
 */
export class LlhlsEngine {
  readonly #target: unknown;
  readonly #defaults: ViewerSpec;

  constructor(script: ArtilleryScript, _ee: EventEmitter, _helpers: unknown) {
    this.#target = script.config.target;
    this.#defaults = script.config.engines?.llhls ?? {};
  }

  createScenario(spec: LlhlsScenarioSpec, ee: EventEmitter): ScenarioFn {
    const options = viewerOptions(this.#target, this.#defaults, spec.llhls ?? {});
    return (context, done) => {
      ee.emit('started');
      playViewer(options, ee).then(
        () => done(null, context),
        (error: unknown) => {
          const code = (error as { code?: unknown }).code;
          ee.emit('counter', artilleryName(ARTILLERY_COUNTER.errors), 1);
          ee.emit('error', typeof code === 'string' ? code : (error as Error).message);
          done(error as Error, context);
        },
      );
    };
  }
}

/** One viewer's whole play: samples become metrics as they come; findings at the end. */
async function playViewer(options: ViewerOptions, ee: EventEmitter): Promise<void> {
  const send = (metrics: readonly ArtilleryMetric[]): void => {
    for (const m of metrics) ee.emit(m.type, m.name, m.value);
  };
  const client = new NodeClient({
    viewers: 1,
    tls: options.insecure ? { ...DEFAULT_TLS, insecure: true } : DEFAULT_TLS,
  });
  // The same clock the client stamps samples with (its HTTP adapter's), taken as the server's.
  const warmupEndsAt = performance.timeOrigin + performance.now() + options.warmupMs;
  const ctx: MeasureContext = {
    url: options.url,
    durationMs: options.durationMs,
    signal: new AbortController().signal,
    toServerTime: (t) => t,
    emit: (sample) => send(sampleMetrics(sample, warmupEndsAt)),
    log: () => {},
  };
  const outcome = await client.run(ctx);
  send(findingMetrics(outcome.findings));
  if (outcome.failure !== undefined) {
    throw Object.assign(new Error(outcome.failure.message), { code: outcome.failure.code });
  }
}
