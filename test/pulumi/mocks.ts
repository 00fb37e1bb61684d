import * as pulumi from '@pulumi/pulumi';

/** A resource the program registered, as the mocks saw it. */
export interface Recorded {
  readonly type: string;
  readonly name: string;
  readonly inputs: Record<string, any>;
  /** The provider reference (`<urn>::<id>`), when one was given. */
  readonly provider?: string;
}

export const ACCOUNT = '123456789012';

/**
 * Replaces the Pulumi engine with mocks that record every resource. Load the modules under test
 * with `require` after this. Unknown calls throw, so a component calling out is noticed.
 */
export function recordResources(): Recorded[] {
  const recorded: Recorded[] = [];
  void pulumi.runtime.setMocks({
    newResource(args) {
      recorded.push({ type: args.type, name: args.name, inputs: args.inputs, provider: args.provider });
      const state: Record<string, unknown> = { ...args.inputs };
      if (args.type === 'aws:iam/role:Role') {
        state.arn = `arn:aws:iam::${ACCOUNT}:role${args.inputs.path ?? '/'}${args.inputs.name}`;
      }
      return { id: `${args.name}-id`, state };
    },
    call(args) {
      throw new Error(`mock call not implemented: ${args.token}`);
    },
  }, 'esokit-test', 'test', false);
  return recorded;
}

/** The value of an Output, once known. */
export function valueOf<T>(output: pulumi.Output<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    output.apply((v) => {
      resolve(v);
      return v;
    });
    // A failed Output surfaces through its promise.
    (output as any).promise().catch(reject);
  });
}

/** Resources of one type token. */
export function ofType(recorded: readonly Recorded[], type: string): Recorded[] {
  return recorded.filter((r) => r.type === type);
}
