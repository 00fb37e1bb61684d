import { GoDuration } from '../model/duration';
import { quote } from '../model/errors';
import { ProviderHandle } from '../model/provider';
import { StoreHandle } from '../model/store-handle';
import { ExternalSecretDeclaration, RefreshPolicy } from '../resources/external-secret';
import { templateWarnings } from '../resources/template';

/** Seconds in the 30-day month the estimates use. */
const MONTH_SECONDS = 30 * 24 * 3600;

/** Refresh intervals under this are flagged against paid backends. */
export const AGGRESSIVE_REFRESH_MS = 60_000;

/**
 * The warning for a refresh interval under one minute against a backend that charges per call,
 * stating the monthly calls and cost; `undefined` when there is nothing to warn about.
 *
 * @param remoteCalls calls one refresh makes (distinct remote secrets)
 */
export function refreshCostWarning(interval: GoDuration | undefined, provider: ProviderHandle | undefined, remoteCalls: number): string | undefined {
  if (!interval || !provider || interval.milliseconds === 0 || interval.milliseconds >= AGGRESSIVE_REFRESH_MS || remoteCalls === 0) {
    return undefined;
  }
  const price = provider.price;
  if (price === 'free' || price === 'not-modelled') {
    return undefined;
  }
  const calls = Math.ceil((MONTH_SECONDS / interval.seconds) * remoteCalls);
  const dollars = (calls / 10_000) * price.per10k;
  const noun = remoteCalls === 1 ? 'remote secret' : 'remote secrets';
  return `refreshInterval ${JSON.stringify(interval.toString())} against ${provider.displayName} makes about ${calls.toLocaleString('en-US')} api calls a month `
    + `(${remoteCalls} ${noun} every ${interval.toString()}), about $${dollars.toFixed(2)} a month at $${price.per10k.toFixed(2)} per 10,000 calls`
    + `${price.note ? ` ${price.note}` : ''}; use 1m or more (eso's default is 1h) unless the secret really changes that fast`;
}

/** Warnings (not errors) about a declaration: its template, aggressive refresh against paid backends. */
export function externalSecretWarnings(decl: ExternalSecretDeclaration): string[] {
  const template = templateWarnings(decl.where, decl.target?.template);
  const interval = decl.refreshInterval?.milliseconds;
  // externalsecret_controller.go shouldRefreshPeriodic (the default policy): with an interval of 0
  // a synced ExternalSecret is never fetched again, even when its spec changes (#4167).
  if (interval === 0 && decl.refreshPolicy === undefined && !decl.target?.immutable) {
    template.push(`${decl.where}: refreshInterval ${quote(decl.refreshInterval!.toString())} without a refreshPolicy fetches once: eso reads 0 as "do not refresh" and then ignores changes to the ExternalSecret too `
      + '(a new version, key or template is never synced); set refreshPolicy "CreatedOnce" if that is meant, or "OnChange" to sync each change of the ExternalSecret');
  }
  if (interval === undefined || interval === 0 || interval >= AGGRESSIVE_REFRESH_MS
    || decl.refreshPolicy === RefreshPolicy.CREATED_ONCE || decl.refreshPolicy === RefreshPolicy.ON_CHANGE) {
    return template;
  }
  const perStore = new Map<StoreHandle, Set<string>>();
  const count = (store: StoreHandle, id: string) => {
    const set = perStore.get(store) ?? new Set<string>();
    set.add(id);
    perStore.set(store, set);
  };
  decl.data.forEach(({ ref }) => count(ref._store ?? decl.store, `${ref.key}@${ref.version ?? ''}`));
  decl.dataFrom.forEach((entry, i) => count(entry._store ?? decl.store, entry._extract ? `${entry._extract.key}@${entry._extract.version ?? ''}` : `find#${i}`));
  const warnings: string[] = [...template];
  for (const [store, calls] of perStore) {
    const warning = refreshCostWarning(decl.refreshInterval, store.provider, calls.size);
    if (warning) {
      warnings.push(`${decl.where}: ${warning}`);
    }
  }
  return warnings;
}
