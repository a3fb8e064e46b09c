import { isLlhlsError } from '../errors.js';

/** Where a value sits in a compare file: keys, and indexes of lists. */
export type KeyPath = readonly (string | number)[];

/** `configurations.ll-100ms.serve.part-duration`, `steps[2]` */
export function keyPathText(path: KeyPath): string {
  let text = '';
  for (const key of path) text += typeof key === 'number' ? `[${key}]` : text === '' ? key : `.${key}`;
  return text;
}

/**
 * A configuration value that cannot be used, and where it is: the file reader turns the path into
 * `file:line`, `--vary` into the flag. The message starts with the key path (or says it).
 */
export class ConfigKeyError extends Error {
  readonly path: KeyPath;

  constructor(path: KeyPath, message: string) {
    super(message);
    this.name = 'ConfigKeyError';
    this.path = path;
  }
}

/**
 * Runs `read`, and turns a user error it throws (an LlhlsError from a shared parser called with
 * the key path as its "flag", or `wrap`'s kind) into a ConfigKeyError at `path`.
 */
export function atKey<T>(path: KeyPath, read: () => T, wrap?: (error: unknown) => boolean): T {
  try {
    return read();
  } catch (error) {
    if (error instanceof ConfigKeyError) throw error;
    if (isLlhlsError(error) || wrap?.(error) === true) {
      const message = (error as Error).message;
      const where = keyPathText(path);
      throw new ConfigKeyError(path, message.startsWith(where) ? message : `${where}: ${message}`);
    }
    throw error;
  }
}
