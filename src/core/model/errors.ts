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

  /** The message without `where`. */
  public readonly text: string;
  /** Every problem this error reports: itself, or each one of a combined error. */
  public readonly problems: readonly ValidationError[];

  public constructor(where: string, code: string, text: string, field?: string, problems?: readonly ValidationError[]) {
    super(`${where}: ${text}`);
    this.where = where;
    this.code = code;
    this.text = text;
    this.field = field ?? fieldOf(text);
    this.problems = problems ?? [this];
    Object.defineProperty(this, BRAND, { value: true });
  }
}

/** The problems an esokit error reports (one, unless it combines several). */
export function problemsOf(e: ValidationError): readonly ValidationError[] {
  // An error of another copy of the library may predate combined errors.
  return e.problems ?? [e];
}

/**
 * Collects the problems of independent checks, so one error reports all of a declaration's
 * problems instead of the first one per run.
 */
export class Problems {
  private readonly found: ValidationError[] = [];

  /** Runs one check; its esokit error is kept to be reported with the others. */
  public check<T>(fn: () => T): T | undefined {
    try {
      return fn();
    } catch (e) {
      if (!ValidationError.isValidationError(e)) {
        throw e;
      }
      // Two checks of one rule (at construction and again in the render) report it once.
      this.found.push(...problemsOf(e).filter((p) => !this.found.some((f) => f.message === p.message)));
      return undefined;
    }
  }

  /** Whether any check failed. */
  public get any(): boolean {
    return this.found.length > 0;
  }

  /** Throws every problem found so far as one error, if there is any. */
  public throwIfAny(): void {
    if (this.found.length > 0) {
      throw combine(this.found);
    }
  }
}

/**
 * One error for several problems: the first one's `where`, then one line each (with its own
 * `where` when it differs).
 */
export function combine(errors: readonly ValidationError[]): ValidationError {
  if (errors.length === 1) {
    return errors[0];
  }
  const where = errors[0].where;
  const lines = errors.map((e) => `  - ${e.where === where ? e.text : e.message}`);
  return new ValidationError(where, 'multiple', `${errors.length} problems:\n${lines.join('\n')}`, undefined, errors);
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
  const head = /^([a-zA-Z][\w]*(?:(?:\.[\w-]+)|(?:\[\d+\])|(?:\["(?:[^"\\]|\\.)*"\]))*)(?= )/.exec(text)?.[1];
  const namesValue = text.startsWith(`${head} "`);
  return head !== undefined && (head.includes('.') || head.includes('[') || /[A-Z]/.test(head) || namesValue) ? head : undefined;
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
