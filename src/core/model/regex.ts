import { fail, quote } from './errors';

/** Fails unless `pattern` compiles as a regular expression. */
export function checkRegex(where: string, field: string, pattern: string): void {
  try {
    new RegExp(pattern);
  } catch (e) {
    fail(where, 'regex.invalid', `${field} ${quote(pattern)} is not a valid regular expression (${(e as Error).message.toLowerCase()}); fix the pattern`);
  }
}
