import { GoDuration } from './duration';
import { BackendInfo } from './provider';

/** Seconds in the 30-day month the estimates use. */
const MONTH_SECONDS = 30 * 24 * 3600;

/** Refresh intervals under this are flagged against paid backends. */
export const AGGRESSIVE_REFRESH_MS = 60_000;

interface Price {
  readonly backend: string;
  /** US dollars per 10,000 API calls. */
  readonly per10k: number;
  readonly note?: string;
}

/** Public list prices per API call of the backends that charge per call. */
function priceOf(backend: BackendInfo): Price | undefined {
  switch (backend.providerKey) {
    case 'aws':
      return backend.awsService === 'ParameterStore'
        ? { backend: 'AWS Parameter Store', per10k: 0.05, note: 'with higher throughput enabled; standard throughput is free but throttled' }
        : { backend: 'AWS Secrets Manager', per10k: 0.05 };
    case 'gcpsm':
      return { backend: 'GCP Secret Manager', per10k: 0.03 };
    case 'azurekv':
      return { backend: 'Azure Key Vault', per10k: 0.03 };
    default:
      return undefined;
  }
}

/**
 * The warning for a refresh interval under one minute against a backend that charges per call,
 * stating the monthly calls and cost; `undefined` when there is nothing to warn about.
 *
 * @param remoteCalls calls one refresh makes (distinct remote secrets)
 */
export function refreshCostWarning(interval: GoDuration | undefined, backend: BackendInfo | undefined, remoteCalls: number): string | undefined {
  if (!interval || !backend || interval.milliseconds === 0 || interval.milliseconds >= AGGRESSIVE_REFRESH_MS || remoteCalls === 0) {
    return undefined;
  }
  const price = priceOf(backend);
  if (!price) {
    return undefined;
  }
  const calls = Math.ceil((MONTH_SECONDS / interval.seconds) * remoteCalls);
  const dollars = (calls / 10_000) * price.per10k;
  const noun = remoteCalls === 1 ? 'remote secret' : 'remote secrets';
  return `refreshInterval ${JSON.stringify(interval.toString())} against ${price.backend} makes about ${calls.toLocaleString('en-US')} api calls a month `
    + `(${remoteCalls} ${noun} every ${interval.toString()}), about $${dollars.toFixed(2)} a month at $${price.per10k.toFixed(2)} per 10,000 calls`
    + `${price.note ? ` ${price.note}` : ''}; use 1m or more (eso's default is 1h) unless the secret really changes that fast`;
}
