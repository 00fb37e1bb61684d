/**
 * Holds esokit's template checks against Go: every vector in test/vectors/template.json goes
 * through tools/go-semantics (Go's text/template with ESO's engine v2 function map, executed
 * over the vector's data) and through the TypeScript port, which must agree on whether the
 * template parses (with Go's reason and line, word for word), on functions ESO does not provide,
 * on argument counts, and on reads of keys the data does not have.
 */
import * as path from 'path';
import { GoOutcome, readVectors, runGoOnVectors, runGoSemantics, Vector, VECTORS } from './go-semantics';
import { ValidationError } from '../../src/core/model/errors';
import { checkGoTemplate } from '../../src/core/resources/go-template/check';
import { functionNames, hasFunction } from '../../src/core/resources/go-template/functions';
import { GoTemplateError } from '../../src/core/resources/go-template/nodes';
import { parseTemplate } from '../../src/core/resources/go-template/parser';

interface TemplateInput { template: string; data: Record<string, string>; name?: string; rewrite?: boolean }
interface TemplateResult { parses: boolean; error: string; output: string }

const vectors = readVectors<TemplateInput>('template.json');
let outcomes: GoOutcome[] = [];

beforeAll(() => {
  outcomes = runGoSemantics([path.join(VECTORS, 'template.json')]);
});

function goResult(name: string): TemplateResult {
  const found = outcomes.filter((o) => o.file === 'template.json' && o.name === name);
  expect(found).toHaveLength(1);
  expect(found[0].error).toBeUndefined();
  return found[0].result as unknown as TemplateResult;
}

/** The template's name in Go's messages, as the Go mode names it. */
function nameOf(input: TemplateInput): string {
  return input.rewrite ? 'transform' : input.name ?? 'template';
}

function parseError(input: TemplateInput): GoTemplateError | undefined {
  try {
    parseTemplate(nameOf(input), input.template, hasFunction);
    return undefined;
  } catch (e) {
    if (e instanceof GoTemplateError) {
      return e;
    }
    throw e;
  }
}

function refusal(input: TemplateInput): ValidationError | undefined {
  try {
    checkGoTemplate('t', 'target.template.data["k"]', nameOf(input), input.template, { keys: Object.keys(input.data), rewrite: input.rewrite });
    return undefined;
  } catch (e) {
    if (ValidationError.isValidationError(e)) {
      return e;
    }
    throw e;
  }
}

/** What Go did with a template, in esokit's terms: the code of the refusal esokit must give. */
function goVerdict(input: TemplateInput, go: TemplateResult): string {
  if (!go.parses) {
    return / function ".*" not defined$/.test(go.error) ? 'template.function.unknown' : 'template.syntax';
  }
  if (/wrong number of args for |missing argument for comparison/.test(go.error)) {
    return 'template.function.arity';
  }
  if (/map has no entry for key |can't evaluate field /.test(go.error) || (input.rewrite && go.output.includes('<no value>'))) {
    return 'template.key';
  }
  if (/ template ".*" not defined$/.test(go.error)) {
    return 'template.template.undefined';
  }
  if (/wrong type for value; expected map\[string\]interface \{\}; got map\[string\]string|interface \{\} is map\[string\]string, not map\[string\]interface \{\}/.test(go.error)) {
    return 'template.data.not-a-dict';
  }
  // Anything else (including ESO's PEM and PKCS#12 helpers, which the Go mode does not run)
  // happens with the data at hand, not with the template: esokit accepts the template.
  return 'accepted';
}

describe('the vector file', () => {
  test('has enough vectors, one mode and unique names', () => {
    expect(vectors.length).toBeGreaterThanOrEqual(40);
    expect(new Set(vectors.map((v) => v.mode))).toEqual(new Set(['template']));
    expect(new Set(vectors.map((v) => v.name)).size).toBe(vectors.length);
  });

  test('has templates go parses, templates go refuses and templates that fail at execution', () => {
    const results = vectors.map((v) => goResult(v.name));
    expect(results.filter((r) => r.parses && r.error === '').length).toBeGreaterThan(10);
    expect(results.filter((r) => !r.parses).length).toBeGreaterThan(10);
    expect(results.filter((r) => r.parses && r.error !== '').length).toBeGreaterThan(5);
  });

  test('one vector calls every function esokit knows, and go defines each of them', () => {
    const all = vectors.find((v) => v.name.startsWith('every function'))!;
    const body = all.input.template.replace(/^\{\{ if false \}\}|\{\{ end \}\}$/g, '');
    const called = [...body.matchAll(/\{\{ (\w+) \}\}/g)].map((m) => m[1]).sort();
    expect(called).toEqual(functionNames());
    expect(goResult(all.name)).toEqual({ parses: true, error: '', output: '' });
  });
});

describe.each(vectors.map((v) => [v.name, v] as const))('%s', (_name, vector) => {
  test('esokit parses it as go does, and refuses it for go\'s reason on go\'s line', () => {
    const go = goResult(vector.name);
    const e = parseError(vector.input);
    expect(e === undefined).toBe(go.parses);
    if (e !== undefined) {
      expect(`template: ${nameOf(vector.input)}:${e.line}: ${e.reason}`).toBe(go.error);
    }
  });

  test('esokit refuses it where go fails, and only there', () => {
    const go = goResult(vector.name);
    const verdict = goVerdict(vector.input, go);
    const e = refusal(vector.input);
    if (vector.name.startsWith('every function')) {
      // Go never executes the {{ if false }} branch; esokit counts arguments in every branch.
      expect(verdict).toBe('accepted');
      expect(e?.code).toBe('template.function.arity');
      return;
    }
    if (e !== undefined && /index gives an empty string/.test(e.message)) {
      // index of a missing key gives "" in Go without an error; esokit refuses it unless the
      // template handles the empty value (default, with, if ...).
      expect(verdict).toBe('accepted');
      expect(go.error).toBe('');
      return;
    }
    if (e !== undefined && (e.code === 'template.helm-escape' || e.code === 'template.lodash')) {
      // Written for another engine: go runs it and writes the braces or the lodash tag into the
      // Secret as text, which is what esokit refuses it for.
      expect(verdict).toBe('accepted');
      expect(go.error).toBe('');
      expect(go.output).toContain(e.code === 'template.lodash' ? '<%' : '{{');
      return;
    }
    const code = e === undefined ? 'accepted' : e.code.startsWith('template.key.') ? 'template.key' : e.code;
    expect(code).toBe(verdict);
    if (verdict === 'template.function.unknown') {
      const name = / function "(.*)" not defined$/.exec(go.error)![1];
      expect(e!.message).toContain(`calls ${JSON.stringify(name)}`);
    }
  });
});

describe('derived templates', () => {
  test('every prefix of every vector\'s template parses in esokit as in go, for the same reason on the same line', () => {
    // Cutting templates short reaches every state of the lexer and the parser with an input
    // that ends there: unclosed actions, strings, comments, blocks and parentheses.
    const derived: Vector[] = vectors
      .filter((v) => !v.name.startsWith('every function'))
      .flatMap((v) => [...Array(v.input.template.length + 1).keys()].map((i) => ({
        name: `${v.name} [:${i}]`,
        mode: 'template',
        input: { template: v.input.template.slice(0, i), data: {} },
      })));
    const results = runGoOnVectors(derived);
    expect(results).toHaveLength(derived.length);
    const disagreements = derived.flatMap((v, i) => {
      const go = results[i].result as unknown as TemplateResult;
      const e = parseError(v.input as unknown as TemplateInput);
      const ts = e === undefined ? '' : `template: template:${e.line}: ${e.reason}`;
      return (e === undefined) === go.parses && (go.parses || ts === go.error) ? [] : [`${JSON.stringify(v.input.template)}: go ${JSON.stringify(go.error)}, esokit ${JSON.stringify(ts)}`];
    });
    expect(disagreements).toEqual([]);
    expect(derived.length).toBeGreaterThan(2000);
  });
});
