import { LlhlsError, LlhlsErrorCode } from '../errors.js';
import { ConfigKeyError, keyPathText } from './config-key-error.js';
import type { ComparePlan } from './configuration.js';
import { type CompareFlagValues, planFromDocument } from './plan-document.js';
import { ServeArgsError, serveFields } from './serve-args.js';

/** One `--vary KEY=V1,V2`: an llhls serve flag, or `network` (none, or a profile). */
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
      `--vary expects KEY=VALUE,VALUE (an llhls serve flag, or network), e.g. --vary part-duration=0.1,0.2; received '${text}'`,
    );
  }
  if (key !== 'network') {
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
 * (`part-duration=0.1 network=cascade`).
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
    const serve = Object.fromEntries(combo.filter(([k]) => k !== 'network'));
    const network = combo.find(([k]) => k === 'network')?.[1];
    configurations[name] = { serve, ...(network === undefined ? {} : { network }) };
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
