/**
 * Structural sharing: returns `next`, but with every part that is deep-equal to the same part of `prev`
 * replaced by the `prev` object. Providers may rebuild state freely; elements still see unchanged parts
 * keep their identity and can skip work.
 *
 * Arrays of objects with an `id` are matched by id, so a join or leave does not shift identities.
 */
export function reconcile<T>(prev: T, next: T): T {
  if (Object.is(prev, next)) return prev;
  if (Array.isArray(prev) && Array.isArray(next)) return reconcileArray(prev, next) as T;
  if (isPlainObject(prev) && isPlainObject(next)) return reconcileObject(prev, next) as T;
  return next;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object') return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

function idOf(value: unknown): unknown {
  return isPlainObject(value) && 'id' in value ? value.id : undefined;
}

function reconcileArray(prev: readonly unknown[], next: readonly unknown[]): readonly unknown[] {
  const byId = new Map<unknown, unknown>();
  for (const item of prev) {
    const id = idOf(item);
    if (id !== undefined) byId.set(id, item);
  }
  let same = prev.length === next.length;
  const out = next.map((item, i) => {
    const id = idOf(item);
    const match = id !== undefined && byId.has(id) ? byId.get(id) : id === undefined ? prev[i] : undefined;
    const value = match === undefined ? item : reconcile(match, item);
    if (value !== prev[i]) same = false;
    return value;
  });
  return same ? prev : out;
}

function reconcileObject(prev: Record<string, unknown>, next: Record<string, unknown>): Record<string, unknown> {
  const prevKeys = Object.keys(prev);
  const nextKeys = Object.keys(next);
  let same = prevKeys.length === nextKeys.length;
  const out: Record<string, unknown> = {};
  for (const key of nextKeys) {
    const value = key in prev ? reconcile(prev[key], next[key]) : next[key];
    if (!(key in prev) || value !== prev[key]) same = false;
    out[key] = value;
  }
  return same ? prev : out;
}
