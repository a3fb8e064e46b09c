import { isPlayerName, PlayerName } from '../browser/player-choice.js';
import { LlhlsError, LlhlsErrorCode } from '../errors.js';
import { ConfigKeyError, keyPathText } from './config-key-error.js';
import type { ComparePlan } from './configuration.js';
import { type CompareFlagValues, planFromDocument } from './plan-document.js';
import { ServeArgsError, serveFields } from './serve-args.js';

/** Keys `--vary` takes besides llhls serve's flags: a configuration's network and player. */
const CONFIGURATION_AXES = ['network', 'player'];

/** One `--vary KEY=V1,V2`: an llhls serve flag, `network` (none, or a profile) or `player`
 *  (hls.js, shaka). */
interface Axis {
  key: string;
  values: string[];
}

const invalid = (message: string): LlhlsError => new LlhlsError(LlhlsErrorCode.InvalidFlag, message);

function axis(text: string): Axis {
  const cut = text.indexOf('=');
  const key = text.slice(0, cut).trim();
  const values = text
    .slice(cut + 1)
    .split(',')
    .map((v) => v.trim());
  if (cut <= 0 || values.some((v) => v === '')) {
    throw invalid(
      `--vary expects KEY=VALUE,VALUE (an llhls serve flag, network or player), e.g. --vary part-duration=0.1,0.2; received '${text}'`,
    );
  }
  const unknownPlayer = key === 'player' ? values.find((v) => !isPlayerName(v)) : undefined;
  if (unknownPlayer !== undefined) {
    throw invalid(
      `--vary ${text}: player expects ${Object.values(PlayerName).join(' or ')}; received '${unknownPlayer}'`,
    );
  }
  if (!CONFIGURATION_AXES.includes(key)) {
    try {
      serveFields({ [key]: values[0] });
    } catch (error) {
      if (error instanceof ServeArgsError) throw invalid(`--vary ${text}: ${error.message}`);
      throw error;
    }
  }
  return { key, values };
}

/** Every combination of the axes, the first axis varying slowest. Pure. */
export function combinations(axes: readonly Axis[]): Array<Array<[string, string]>> {
  let out: Array<Array<[string, string]>> = [[]];
  for (const a of axes)
    out = out.flatMap((combo) => a.values.map((v) => [...combo, [a.key, v] as [string, string]]));
  return out;
}

/**
 * The plan of `llhls compare --vary part-duration=0.1,0.2 [--vary ...]`: one `serve:`
 * configuration per combination (several --vary make the cartesian product), named after it
 * (`part-duration=0.1 network=cascade player=shaka`).
 * @throws LlhlsError `LLHLS_INVALID_FLAG` naming --vary and the value
 */
export async function planFromVary(vary: readonly string[], flags: CompareFlagValues): Promise<ComparePlan> {
  const axes = vary.map(axis);
  const keys = axes.map((a) => a.key);
  const twice = keys.find((k, i) => keys.indexOf(k) !== i);
  if (twice !== undefined)
    throw invalid(`--vary ${twice} is given twice: list its values once, comma-separated`);
  const configurations: Record<string, unknown> = {};
  for (const combo of combinations(axes)) {
    const name = combo.map(([k, v]) => `${k}=${v}`).join(' ');
    const serve = Object.fromEntries(combo.filter(([k]) => !CONFIGURATION_AXES.includes(k)));
    const network = combo.find(([k]) => k === 'network')?.[1];
    const player = combo.find(([k]) => k === 'player')?.[1];
    configurations[name] = {
      serve,
      ...(network === undefined ? {} : { network }),
      ...(player === undefined ? {} : { player: { name: player } }),
    };
  }
  try {
    return await planFromDocument({ configurations }, flags, `--vary ${vary.join(' --vary ')}`);
  } catch (error) {
    if (!(error instanceof ConfigKeyError)) throw error;
    const [top, name, key] = error.path;
    if (top !== 'configurations' || name === undefined) throw invalid(error.message);
    const prefix = keyPathText(key === undefined ? [top, name] : [top, name, key]);
    const rest = error.message.startsWith(prefix)
      ? error.message.slice(prefix.length).replace(/^[:.]\s*/, '')
      : error.message;
    throw invalid(`--vary (${String(name)}): ${rest}`);
  }
}
