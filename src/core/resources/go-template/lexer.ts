/**
 * The lexer of Go's text/template, as ESO's template engine v2 runs it (default `{{ }}`
 * delimiters, comments dropped).
 *
 * A port of Go's text/template/parse/lex.go (Go 1.26): the same states, the same trim-marker
 * rules (`{{- ` and ` -}}` need the space), the same item boundaries and line counting, and the
 * same error texts, so that a template refused here is one Go refuses, for the same reason, on
 * the same line. Why a port and not a library: see parser.ts.
 *
 * Positions are JavaScript string indexes (UTF-16 code units), not Go's byte offsets; lines are
 * Go's.
 */

import { EOF, countNewlines, goQuote, goRune, hasLeftTrimMarker, hasRightTrimMarker, isAlphaNumeric, isSpace, leftTrimLength, trimRight } from './chars';
import { Item, ItemType } from './items';

const KEYWORDS: Record<string, ItemType> = {
  '.': ItemType.DOT,
  'block': ItemType.BLOCK,
  'break': ItemType.BREAK,
  'continue': ItemType.CONTINUE,
  'define': ItemType.DEFINE,
  'else': ItemType.ELSE,
  'end': ItemType.END,
  'if': ItemType.IF,
  'range': ItemType.RANGE,
  'nil': ItemType.NIL,
  'template': ItemType.TEMPLATE,
  'with': ItemType.WITH,
};

const LEFT_DELIM = '{{';
const RIGHT_DELIM = '}}';
const LEFT_COMMENT = '/*';
const RIGHT_COMMENT = '*/';
const TRIM_MARKER_LEN = 2; // the marker and the space before or after it


type State = ((l: Lexer) => State) | null;

/**
 * Scans a template into items, one at a time, as the parser asks for them.
 */
export class Lexer {
  private input: string;
  private pos = 0;
  private start = 0;
  private atEOF = false;
  private parenDepth = 0;
  private line = 1;
  private startLine = 1;
  private item: Item = { type: ItemType.EOF, pos: 0, val: 'EOF', line: 1 };
  private insideAction = false;

  /**
   * @param breakOK whether `break` and `continue` are keywords (they are unless the function
   * map defines them, which ESO's does not)
   */
  public constructor(input: string, private readonly breakOK = true) {
    this.input = input;
  }

  /** The next item. */
  public nextItem(): Item {
    this.item = { type: ItemType.EOF, pos: this.pos, val: 'EOF', line: this.startLine };
    let state: State = this.insideAction ? lexInsideAction : lexText;
    while (state) {
      state = state(this);
    }
    return this.item;
  }

  // The primitives below are lex.go's, for the state functions.

  /** @internal */
  public next(): number {
    if (this.pos >= this.input.length) {
      this.atEOF = true;
      return EOF;
    }
    const c = this.input.codePointAt(this.pos)!;
    this.pos += c > 0xffff ? 2 : 1;
    if (c === 0x0a) {
      this.line++;
    }
    return c;
  }

  /** @internal */
  public peek(): number {
    const c = this.next();
    this.backup();
    return c;
  }

  /** @internal */
  public backup(): void {
    if (!this.atEOF && this.pos > 0) {
      const low = this.input.charCodeAt(this.pos - 1);
      const w = low >= 0xdc00 && low <= 0xdfff && this.pos > 1 && this.isHighSurrogate(this.pos - 2) ? 2 : 1;
      this.pos -= w;
      if (this.input.charCodeAt(this.pos) === 0x0a) {
        this.line--;
      }
    }
  }

  private isHighSurrogate(i: number): boolean {
    const c = this.input.charCodeAt(i);
    return c >= 0xd800 && c <= 0xdbff;
  }

  private thisItem(type: ItemType): Item {
    const i: Item = { type, pos: this.start, val: this.input.slice(this.start, this.pos), line: this.startLine };
    this.start = this.pos;
    this.startLine = this.line;
    return i;
  }

  /** @internal */
  public emit(type: ItemType): State {
    return this.emitItem(this.thisItem(type));
  }

  private emitItem(i: Item): State {
    this.item = i;
    return null;
  }

  private ignore(): void {
    this.line += countNewlines(this.input.slice(this.start, this.pos));
    this.start = this.pos;
    this.startLine = this.line;
  }

  private accept(valid: string): boolean {
    const c = this.next();
    if (c !== EOF && valid.includes(String.fromCodePoint(c))) {
      return true;
    }
    this.backup();
    return false;
  }

  private acceptRun(valid: string): void {
    for (let c = this.next(); c !== EOF && valid.includes(String.fromCodePoint(c)); c = this.next()) {
      // absorb
    }
    this.backup();
  }

  /** @internal */
  public errorf(message: string): State {
    this.item = { type: ItemType.ERROR, pos: this.start, val: message, line: this.startLine };
    this.start = 0;
    this.pos = 0;
    this.input = '';
    return null;
  }

  /** @internal lexText */
  public text(): State {
    const x = this.input.indexOf(LEFT_DELIM, this.pos);
    if (x >= 0) {
      if (x > this.pos) {
        this.pos = x;
        let trimLength = 0;
        const delimEnd = this.pos + LEFT_DELIM.length;
        if (hasLeftTrimMarker(this.input, delimEnd)) {
          const text = this.input.slice(this.start, this.pos);
          trimLength = text.length - trimRight(text).length;
        }
        this.pos -= trimLength;
        this.line += countNewlines(this.input.slice(this.start, this.pos));
        const i = this.thisItem(ItemType.TEXT);
        this.pos += trimLength;
        this.ignore();
        if (i.val.length > 0) {
          return this.emitItem(i);
        }
      }
      return lexLeftDelim;
    }
    this.pos = this.input.length;
    if (this.pos > this.start) {
      this.line += countNewlines(this.input.slice(this.start, this.pos));
      return this.emit(ItemType.TEXT);
    }
    return this.emit(ItemType.EOF);
  }

  private atRightDelim(): { delim: boolean; trimSpaces: boolean } {
    if (hasRightTrimMarker(this.input, this.pos) && this.input.startsWith(RIGHT_DELIM, this.pos + TRIM_MARKER_LEN)) {
      return { delim: true, trimSpaces: true };
    }
    if (this.input.startsWith(RIGHT_DELIM, this.pos)) {
      return { delim: true, trimSpaces: false };
    }
    return { delim: false, trimSpaces: false };
  }

  /** @internal lexLeftDelim */
  public leftDelim(): State {
    this.pos += LEFT_DELIM.length;
    const trimSpace = hasLeftTrimMarker(this.input, this.pos);
    const afterMarker = trimSpace ? TRIM_MARKER_LEN : 0;
    if (this.input.startsWith(LEFT_COMMENT, this.pos + afterMarker)) {
      this.pos += afterMarker;
      this.ignore();
      return lexComment;
    }
    const i = this.thisItem(ItemType.LEFT_DELIM);
    this.insideAction = true;
    this.pos += afterMarker;
    this.ignore();
    this.parenDepth = 0;
    return this.emitItem(i);
  }

  /** @internal lexComment */
  public comment(): State {
    this.pos += LEFT_COMMENT.length;
    const x = this.input.indexOf(RIGHT_COMMENT, this.pos);
    if (x < 0) {
      return this.errorf('unclosed comment');
    }
    this.pos = x + RIGHT_COMMENT.length;
    const { delim, trimSpaces } = this.atRightDelim();
    if (!delim) {
      return this.errorf('comment ends before closing delimiter');
    }
    this.line += countNewlines(this.input.slice(this.start, this.pos));
    this.thisItem(ItemType.TEXT); // the comment, which ESO's engine does not keep
    if (trimSpaces) {
      this.pos += TRIM_MARKER_LEN;
    }
    this.pos += RIGHT_DELIM.length;
    if (trimSpaces) {
      this.pos += leftTrimLength(this.input.slice(this.pos));
    }
    this.ignore();
    return lexText;
  }

  /** @internal lexRightDelim */
  public rightDelim(): State {
    const { trimSpaces } = this.atRightDelim();
    if (trimSpaces) {
      this.pos += TRIM_MARKER_LEN;
      this.ignore();
    }
    this.pos += RIGHT_DELIM.length;
    const i = this.thisItem(ItemType.RIGHT_DELIM);
    if (trimSpaces) {
      this.pos += leftTrimLength(this.input.slice(this.pos));
      this.ignore();
    }
    this.insideAction = false;
    return this.emitItem(i);
  }

  /** @internal lexInsideAction */
  public insideActionState(): State {
    const { delim } = this.atRightDelim();
    if (delim) {
      if (this.parenDepth === 0) {
        return lexRightDelim;
      }
      return this.errorf('unclosed left paren');
    }
    const r = this.next();
    if (r === EOF) {
      return this.errorf('unclosed action');
    }
    if (isSpace(r)) {
      this.backup(); // put the space back in case we have " -}}"
      return lexSpace;
    }
    switch (r) {
      case 0x3d: // =
        return this.emit(ItemType.ASSIGN);
      case 0x3a: // :
        if (this.next() !== 0x3d) {
          return this.errorf('expected :=');
        }
        return this.emit(ItemType.DECLARE);
      case 0x7c: // |
        return this.emit(ItemType.PIPE);
      case 0x22: // "
        return lexQuote;
      case 0x60: // `
        return lexRawQuote;
      case 0x24: // $
        return lexVariable;
      case 0x27: // '
        return lexChar;
      case 0x28: // (
        this.parenDepth++;
        return this.emit(ItemType.LEFT_PAREN);
      case 0x29: // )
        this.parenDepth--;
        if (this.parenDepth < 0) {
          return this.errorf('unexpected right paren');
        }
        return this.emit(ItemType.RIGHT_PAREN);
    }
    if (r === 0x2e) { // .
      // A look-ahead for ".field" so that backup() is not needed twice.
      if (this.pos < this.input.length) {
        const c = this.input.charCodeAt(this.pos);
        if (c < 0x30 || c > 0x39) {
          return lexField;
        }
      }
    }
    if (r === 0x2e || r === 0x2b || r === 0x2d || (r >= 0x30 && r <= 0x39)) {
      this.backup();
      return lexNumber;
    }
    if (isAlphaNumeric(r)) {
      this.backup();
      return lexIdentifier;
    }
    if (r < 0x80 && r >= 0x20 && r < 0x7f) {
      return this.emit(ItemType.CHAR);
    }
    return this.errorf(`unrecognized character in action: ${goRune(r)}`);
  }

  /** @internal lexSpace */
  public space(): State {
    let numSpaces = 0;
    for (;;) {
      const r = this.peek();
      if (!isSpace(r)) {
        break;
      }
      this.next();
      numSpaces++;
    }
    // A trim-marked right delimiter starts with a space: look for the '-' after it.
    if (hasRightTrimMarker(this.input, this.pos - 1) && this.input.startsWith(RIGHT_DELIM, this.pos - 1 + TRIM_MARKER_LEN)) {
      this.backup(); // before the space
      if (numSpaces === 1) {
        return lexRightDelim;
      }
    }
    return this.emit(ItemType.SPACE);
  }

  /** @internal lexIdentifier */
  public identifier(): State {
    for (;;) {
      const r = this.next();
      if (isAlphaNumeric(r)) {
        continue;
      }
      this.backup();
      const word = this.input.slice(this.start, this.pos);
      if (!this.atTerminator()) {
        return this.errorf(`bad character ${goRune(r)}`);
      }
      const keyword = Object.prototype.hasOwnProperty.call(KEYWORDS, word) ? KEYWORDS[word] : undefined;
      if (keyword !== undefined && keyword > ItemType.KEYWORD) {
        if ((keyword === ItemType.BREAK || keyword === ItemType.CONTINUE) && !this.breakOK) {
          return this.emit(ItemType.IDENTIFIER);
        }
        return this.emit(keyword);
      }
      if (word[0] === '.') {
        return this.emit(ItemType.FIELD);
      }
      if (word === 'true' || word === 'false') {
        return this.emit(ItemType.BOOL);
      }
      return this.emit(ItemType.IDENTIFIER);
    }
  }

  /** @internal lexFieldOrVariable; the `.` or `$` has been scanned */
  public fieldOrVariable(type: ItemType): State {
    if (this.atTerminator()) { // nothing interesting follows: "." or "$"
      return this.emit(type === ItemType.VARIABLE ? ItemType.VARIABLE : ItemType.DOT);
    }
    let r: number;
    for (;;) {
      r = this.next();
      if (!isAlphaNumeric(r)) {
        this.backup();
        break;
      }
    }
    if (!this.atTerminator()) {
      return this.errorf(`bad character ${goRune(r)}`);
    }
    return this.emit(type);
  }

  /** @internal lexVariable */
  public variable(): State {
    if (this.atTerminator()) {
      return this.emit(ItemType.VARIABLE);
    }
    return this.fieldOrVariable(ItemType.VARIABLE);
  }

  /** Whether the input is at a character that may follow an identifier. */
  private atTerminator(): boolean {
    const r = this.peek();
    if (isSpace(r)) {
      return true;
    }
    switch (r) {
      case EOF:
      case 0x2e: // .
      case 0x2c: // ,
      case 0x7c: // |
      case 0x3a: // :
      case 0x29: // )
      case 0x28: // (
        return true;
    }
    return this.input.startsWith(RIGHT_DELIM, this.pos);
  }

  /** @internal lexChar; the opening quote has been scanned */
  public char(): State {
    for (;;) {
      let c = this.next();
      if (c === 0x5c) { // backslash
        c = this.next();
        if (c !== EOF && c !== 0x0a) {
          continue;
        }
        return this.errorf('unterminated character constant');
      }
      if (c === EOF || c === 0x0a) {
        return this.errorf('unterminated character constant');
      }
      if (c === 0x27) {
        break;
      }
    }
    return this.emit(ItemType.CHAR_CONSTANT);
  }

  /** @internal lexNumber */
  public number(): State {
    if (!this.scanNumber()) {
      return this.errorf(`bad number syntax: ${goQuote(this.input.slice(this.start, this.pos))}`);
    }
    const sign = this.peek();
    if (sign === 0x2b || sign === 0x2d) {
      // Complex: 1+2i. No spaces, must end in 'i'.
      if (!this.scanNumber() || this.input[this.pos - 1] !== 'i') {
        return this.errorf(`bad number syntax: ${goQuote(this.input.slice(this.start, this.pos))}`);
      }
      return this.emit(ItemType.COMPLEX);
    }
    return this.emit(ItemType.NUMBER);
  }

  private scanNumber(): boolean {
    this.accept('+-');
    let digits = '0123456789_';
    if (this.accept('0')) {
      if (this.accept('xX')) {
        digits = '0123456789abcdefABCDEF_';
      } else if (this.accept('oO')) {
        digits = '01234567_';
      } else if (this.accept('bB')) {
        digits = '01_';
      }
    }
    this.acceptRun(digits);
    if (this.accept('.')) {
      this.acceptRun(digits);
    }
    if (digits.length === 10 + 1 && this.accept('eE')) {
      this.accept('+-');
      this.acceptRun('0123456789_');
    }
    if (digits.length === 16 + 6 + 1 && this.accept('pP')) {
      this.accept('+-');
      this.acceptRun('0123456789_');
    }
    this.accept('i');
    if (isAlphaNumeric(this.peek())) {
      this.next();
      return false;
    }
    return true;
  }

  /** @internal lexQuote; the opening quote has been scanned */
  public quote(): State {
    for (;;) {
      let c = this.next();
      if (c === 0x5c) {
        c = this.next();
        if (c !== EOF && c !== 0x0a) {
          continue;
        }
        return this.errorf('unterminated quoted string');
      }
      if (c === EOF || c === 0x0a) {
        return this.errorf('unterminated quoted string');
      }
      if (c === 0x22) {
        break;
      }
    }
    return this.emit(ItemType.STRING);
  }

  /** @internal lexRawQuote; the opening backquote has been scanned */
  public rawQuote(): State {
    for (;;) {
      const c = this.next();
      if (c === EOF) {
        return this.errorf('unterminated raw quoted string');
      }
      if (c === 0x60) {
        break;
      }
    }
    return this.emit(ItemType.RAW_STRING);
  }
}

const lexText = (l: Lexer): State => l.text();
const lexLeftDelim = (l: Lexer): State => l.leftDelim();
const lexComment = (l: Lexer): State => l.comment();
const lexRightDelim = (l: Lexer): State => l.rightDelim();
const lexInsideAction = (l: Lexer): State => l.insideActionState();
const lexSpace = (l: Lexer): State => l.space();
const lexIdentifier = (l: Lexer): State => l.identifier();
const lexField = (l: Lexer): State => l.fieldOrVariable(ItemType.FIELD);
const lexVariable = (l: Lexer): State => l.variable();
const lexChar = (l: Lexer): State => l.char();
const lexNumber = (l: Lexer): State => l.number();
const lexQuote = (l: Lexer): State => l.quote();
const lexRawQuote = (l: Lexer): State => l.rawQuote();
