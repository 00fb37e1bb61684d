/**
 * The one error type of the library, and the helpers that raise it.
 *
 * Every message names where the problem is (a construct path or a component name), the field,
 * the bad value and the fix, in lowercase with no trailing period.
 */

const BRAND = Symbol.for('esokit.ValidationError');

/**
 * A declaration esokit refuses: thrown at construction or synth, before anything reaches a
 * cluster. `where`, `field` and `code` let a front end or a tool tell esokit's errors apart and
 * act on them; the message is for people.
 *
 * @internal
 */
export class ValidationError extends Error {
  /** Whether `e` is an esokit validation error (across copies of the library). */
  public static isValidationError(e: unknown): e is ValidationError {
    return typeof e === 'object' && e !== null && (e as Record<symbol, unknown>)[BRAND] === true;
  }

  /** Where the declaration is: a construct path or a component name. */
  public readonly where: string;
  /** The field at fault, as the message names it (e.g. `provider.aws.region`), when one is. */
  public readonly field?: string;
  /** A stable identifier of the rule that failed, e.g. `aws.region.unknown`. */
  public readonly code: string;

  public constructor(where: string, code: string, text: string, field?: string) {
    super(`${where}: ${text}`);
    this.where = where;
    this.code = code;
    this.field = field ?? fieldOf(text);
    Object.defineProperty(this, BRAND, { value: true });
  }
}

/**
 * Throws a ValidationError for `where` (a construct path or component name).
 *
 * @param code the rule's stable identifier (`<area>.<field>.<rule>`)
 * @param message lowercase, naming the field, the bad value and the fix
 */
export function fail(where: string, code: string, message: string): never {
  throw new ValidationError(where, code, message);
}

/** The field a message starts with, by the library's convention (`provider.aws.region "x" is …`). */
function fieldOf(text: string): string | undefined {
  const head = /^([a-zA-Z][\w]*(?:(?:\.[\w-]+)|(?:\[\d+\]))*)(?= )/.exec(text)?.[1];
  return head !== undefined && (head.includes('.') || head.includes('[') || /[A-Z]/.test(head)) ? head : undefined;
}

/** Quotes a user value for an error message, never more than 80 characters of it. */
export function quote(value: unknown): string {
  const text = typeof value === 'string' ? JSON.stringify(value) : String(JSON.stringify(value) ?? value);
  return text.length > 80 ? `${text.slice(0, 77)}..."` : text;
}

/** The first few items of a list for a message, e.g. `"a", "b", "c"`. */
export function listOf(values: readonly string[]): string {
  if (values.length === 0) {
    return '(none)';
  }
  return values.map((v) => JSON.stringify(v)).join(', ');
}

/** For exhaustive switches over a closed set: a new member fails to compile here. */
export function assertNever(value: never, what: string): never {
  throw new Error(`unexpected ${what} ${JSON.stringify(value)}`);
}
