import { AwsReadContext } from './permissions';
import { IamGrant } from '../../model/grants';
import { ProviderPrice } from '../../model/provider';
import { FindShape, ReferenceShape, StoreRead } from '../../model/reads';

/** What a reference or find is checked against: the store's region and prefix. */
export interface AwsRuleContext {
  readonly region: string;
  readonly partition: string;
  readonly prefix?: string;
}

/** One AWS service behind ESO's `aws` provider: its rules for references and finds, and its grants. */
export interface AwsService {
  readonly name: 'SecretsManager' | 'ParameterStore';
  readonly displayName: string;
  /** The service's name in ARNs and endpoints (`secretsmanager`, `ssm`). */
  readonly arnService: string;
  readonly price: ProviderPrice;
  checkReference(where: string, field: string, ref: ReferenceShape, ctx: AwsRuleContext): void;
  renderFind(where: string, field: string, find: FindShape, ctx: AwsRuleContext): FindShape;
  grants(ctx: AwsReadContext, reads: readonly StoreRead[], warnings: string[]): IamGrant[];
  /** Keys a find under `path` may produce: both services key found values by their full names. */
  foundKeys(path: string): string[];
}

/** The parts of an ARN. */
export interface Arn {
  readonly partition: string;
  readonly service: string;
  readonly region: string;
  readonly account: string;
  readonly resource: string;
}

/** Parses `arn:<partition>:<service>:<region>:<account>:<resource>`, or undefined. */
export function parseArn(text: string): Arn | undefined {
  const m = /^arn:([a-z-]+):([a-z0-9-]+):([a-z0-9-]*):(\d{12}|):(.+)$/.exec(text);
  return m ? { partition: m[1], service: m[2], region: m[3], account: m[4], resource: m[5] } : undefined;
}
