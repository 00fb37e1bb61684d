import { goQuote } from './chars';

/** The kinds of lexical items (lex.go's itemType). */
export enum ItemType {
  ERROR,
  BOOL,
  CHAR,
  CHAR_CONSTANT,
  COMPLEX,
  ASSIGN,
  DECLARE,
  EOF,
  FIELD,
  IDENTIFIER,
  LEFT_DELIM,
  LEFT_PAREN,
  NUMBER,
  PIPE,
  RAW_STRING,
  RIGHT_DELIM,
  RIGHT_PAREN,
  SPACE,
  STRING,
  TEXT,
  VARIABLE,
  // Keywords come after all the rest.
  KEYWORD,
  BLOCK,
  BREAK,
  CONTINUE,
  DOT,
  DEFINE,
  ELSE,
  END,
  IF,
  NIL,
  RANGE,
  TEMPLATE,
  WITH,
}

/** One lexical item. */
export interface Item {
  readonly type: ItemType;
  /** Index of the item's first character in the template. */
  readonly pos: number;
  readonly val: string;
  /** Line (1-based) at the start of the item. */
  readonly line: number;
}


/** How an item prints in Go's parse errors (lex.go's item.String). */
export function itemString(i: Item): string {
  if (i.type === ItemType.EOF) {
    return 'EOF';
  }
  if (i.type === ItemType.ERROR) {
    return i.val;
  }
  if (i.type > ItemType.KEYWORD) {
    return `<${i.val}>`;
  }
  const runes = [...i.val];
  if (runes.length > 10) {
    return `${goQuote(runes.slice(0, 10).join(''))}...`;
  }
  return goQuote(i.val);
}
