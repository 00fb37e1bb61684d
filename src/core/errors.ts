/**
 * Error helpers shared by every front end.
 *
 * Every message names where the problem is (a construct path or a component name), the field,
 * the bad value and the fix, in lowercase with no trailing period.
 */

/** Throws an error for `where` (a construct path or component name). */
export function fail(where: string, message: string): never {
  throw new Error(`${where}: ${message}`);
}

/** Quotes a user value for an error message, never more than 80 characters of it. */
export function quote(value: unknown): string {
  const text = typeof value === 'string' ? JSON.stringify(value) : String(JSON.stringify(value) ?? value);
  return text.length > 80 ? `${text.slice(0, 77)}..."` : text;
}

/** Fails unless `pattern` compiles as a regular expression. */
export function checkRegex(where: string, field: string, pattern: string): void {
  try {
    new RegExp(pattern);
  } catch (e) {
    fail(where, `${field} ${quote(pattern)} is not a valid regular expression (${(e as Error).message.toLowerCase()}); fix the pattern`);
  }
}

/** The first few items of a list for a message, e.g. `"a", "b", "c"`. */
export function listOf(values: readonly string[]): string {
  if (values.length === 0) {
    return '(none)';
  }
  return values.map((v) => JSON.stringify(v)).join(', ');
}
