/**
 * Reads a saved account's settings. The shared contract gives `config` as an open record (each channel
 * kind validates its own on the server), so the forms read it value by value and fall back to their
 * defaults for anything missing or of another type.
 */
export interface ConfigReader {
  str(key: string): string | undefined;
  num(key: string): number | undefined;
  bool(key: string): boolean | undefined;
  strings(key: string): string[] | undefined;
  /** A value that must be one of `allowed`. */
  oneOf<T extends string>(key: string, allowed: readonly T[]): T | undefined;
  /** A nested object (e.g. `imap`); an empty reader when absent. */
  at(key: string): ConfigReader;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export function readConfig(config: unknown): ConfigReader {
  const c = isRecord(config) ? config : {};
  return {
    str: (k) => (typeof c[k] === 'string' ? c[k] : undefined),
    num: (k) => (typeof c[k] === 'number' ? c[k] : undefined),
    bool: (k) => (typeof c[k] === 'boolean' ? c[k] : undefined),
    strings: (k) => {
      const v = c[k];
      return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : undefined;
    },
    oneOf: (k, allowed) => allowed.find((a) => a === c[k]),
    at: (k) => readConfig(c[k]),
  };
}
