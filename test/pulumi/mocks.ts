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

/** The suffix the mocked AWS provider appends to auto-named resources. */
export const AUTONAME_SUFFIX = '3f9a1c2';

/** How the mocked engine answers. */
export interface MockOptions {
  /**
   * Longest time the engine takes to answer a registration, in ms: each answer waits a random
   * time up to it, as a real engine does.
   *
   * @default 0
   */
  latency?: number;
  /** Run as `pulumi preview`. @default false */
  preview?: boolean;
}

const latency = { max: 0 };

/** Changes how long the mocked engine takes to answer, for the resources registered from now on. */
export function setLatency(max: number): void {
  latency.max = max;
}

/**
 * Replaces the Pulumi engine with mocks that record every resource. Load the modules under test
 * with `require` after this. Unknown calls throw, so a component calling out is noticed.
 */
export function recordResources(options: MockOptions = {}): Recorded[] {
  const recorded: Recorded[] = [];
  latency.max = options.latency ?? 0;
  void pulumi.runtime.setMocks({
    async newResource(args) {
      if (latency.max > 0) {
        await new Promise((resolve) => setTimeout(resolve, Math.random() * latency.max));
      }
      recorded.push({ type: args.type, name: args.name, inputs: args.inputs, provider: args.provider });
      const state: Record<string, unknown> = { ...args.inputs };
      if (args.type === 'aws:iam/role:Role') {
        // The provider auto-names a role without a name: the resource's name and a random suffix.
        state.name = args.inputs.name ?? `${args.name}-${AUTONAME_SUFFIX}`;
        state.arn = `arn:aws:iam::${ACCOUNT}:role${args.inputs.path ?? '/'}${state.name}`;
      }
      if (args.type === 'aws:secretsmanager/secret:Secret') {
        state.name = args.inputs.name ?? `${args.name}-${AUTONAME_SUFFIX}`;
        state.arn = `arn:aws:secretsmanager:us-east-1:${ACCOUNT}:secret:${state.name}-AbCdEf`;
      }
      return { id: `${args.name}-id`, state };
    },
    call(args) {
      throw new Error(`mock call not implemented: ${args.token}`);
    },
  }, 'esokit-test', 'test', options.preview ?? false);
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
