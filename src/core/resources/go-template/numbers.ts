import { goQuote } from './chars';
import { ItemType } from './items';
import { INVALID_SYNTAX, parseFloat64, parseInt64, parseUint, unquoteChar } from './strconv';

/** node.go's newNumber: why Go refuses a number literal, or undefined when it takes it. */
export function numberProblem(text: string, type: ItemType): string | undefined {
  if (type === ItemType.CHAR_CONSTANT) {
    const r = unquoteChar(text.slice(1), text[0]);
    if (r === undefined) {
      return INVALID_SYNTAX;
    }
    if (r.tail !== '\'') {
      return `malformed character constant: ${text}`;
    }
    return undefined;
  }
  if (type === ItemType.COMPLEX) {
    // fmt.Sscan reads a complex as <float><sign><float>i.
    const m = /^([+-]?[^+-]+(?:[eEpP][+-]?[^+-]*)?)([+-].+)i$/.exec(text);
    if (m === null || parseFloat64(m[1]) === undefined || parseFloat64(m[2]) === undefined) {
      return `strconv.ParseFloat: parsing ${goQuote(text)}: ${INVALID_SYNTAX}`;
    }
    return undefined;
  }
  if (text.endsWith('i') && parseFloat64(text.slice(0, -1)) !== undefined) {
    return undefined; // an imaginary constant
  }
  if (parseUint(text) !== undefined || parseInt64(text) !== undefined) {
    return undefined;
  }
  if (parseFloat64(text) !== undefined) {
    // A float that looks like an integer is an integer too large for int64.
    if (!/[.eEpP]/.test(text)) {
      return `integer overflow: ${goQuote(text)}`;
    }
    return undefined;
  }
  return `illegal number syntax: ${goQuote(text)}`;
}
