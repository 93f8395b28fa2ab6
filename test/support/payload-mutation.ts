/** Helpers for tests that break one field of a valid payload at a time (tables of cases, and fuzzing). */
export type Json = Record<string, unknown>;

/** A deep copy of `payload` with the field at `path` (`view.state.values`) set to `value` (undefined removes it). */
export function withField(payload: Json, path: string, value: unknown): Json {
  const copy = structuredClone(payload);
  const keys = path.split(".");
  let target = copy;
  for (const key of keys.slice(0, -1)) target = target[key] as Json;
  const last = keys[keys.length - 1];
  if (value === undefined) delete target[last];
  else target[last] = value;
  return copy;
}

/** Every path of a payload, objects and leaves alike (`view`, `view.state`, `view.state.values`…). */
export function fieldPaths(value: unknown, prefix = ""): string[] {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return [];
  return Object.entries(value as Json).flatMap(([key, inner]) => {
    const path = prefix ? `${prefix}.${key}` : key;
    return [path, ...fieldPaths(inner, path)];
  });
}
