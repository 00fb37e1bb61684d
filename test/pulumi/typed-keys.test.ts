/**
 * The compile-time key checks: programs/typed-keys.ts compiles with its `@ts-expect-error`
 * directives, and without them fails exactly on those lines, for the key each names.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';

const FIXTURE = path.join(__dirname, 'programs', 'typed-keys.ts');

function diagnosticsOf(file: string, text: string): ts.Diagnostic[] {
  const options: ts.CompilerOptions = {
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.Node16,
    moduleResolution: ts.ModuleResolutionKind.Node16,
    types: ['node'],
  };
  const host = ts.createCompilerHost(options);
  const read = host.readFile;
  host.readFile = (f) => (path.resolve(f) === file ? text : read(f));
  const program = ts.createProgram([file], options, host);
  const source = program.getSourceFile(file)!;
  return [...program.getSyntacticDiagnostics(source), ...program.getSemanticDiagnostics(source)];
}

const format = (d: ts.Diagnostic) => ts.flattenDiagnosticMessageText(d.messageText, '\n');

test('the fixture compiles: every @ts-expect-error line is a compile error', () => {
  const text = fs.readFileSync(FIXTURE, 'utf-8');
  expect(diagnosticsOf(FIXTURE, text).map(format)).toEqual([]);
}, 120_000);

test('without the directives, exactly those lines fail, naming the bad key', () => {
  const lines = fs.readFileSync(FIXTURE, 'utf-8').split('\n');
  const expected = lines.flatMap((line, i) => (line.includes('// @ts-expect-error') ? [{ line: i, key: /"([^"]+)"/.exec(line)![1] }] : []));
  expect(expected).toHaveLength(5);
  const stripped = lines.map((line) => (line.includes('// @ts-expect-error') ? '' : line)).join('\n');
  const errors = diagnosticsOf(FIXTURE, stripped).map((d) => ({
    line: d.file!.getLineAndCharacterOfPosition(d.start!).line - 1,
    message: format(d),
  }));
  expect(errors.map((e) => e.line)).toEqual(expected.map((e) => e.line));
  errors.forEach((e, i) => expect(e.message).toMatch(new RegExp(`["']${expected[i].key.replace('.', '\\.')}["']`)));
}, 120_000);
