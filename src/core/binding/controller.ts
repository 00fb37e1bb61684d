import { fail, quote } from '../model/errors';
import { BoundServiceAccount } from '../model/identity';
import { StoreKind } from '../model/kinds';
import { StoreHandle } from '../model/store-handle';
import { ExternalSecretDeclaration } from '../resources/external-secret';

/*
 * A store identity's ServiceAccount next to the ESO controller the same app installs: a
 * controller-wide identity must name the controller's ServiceAccount, and a store's own
 * ServiceAccount must not be the controller's (the chart creates and annotates that one).
 */

/** The ServiceAccount a store's identity uses, as the app's operator sees it. */
export interface ServiceAccountUse {
  /** The store's construct path or component name. */
  readonly where: string;
  readonly serviceAccount: BoundServiceAccount;
}

/** The ESO controller an app installs: where it is declared and the ServiceAccount it runs as. */
export interface ControllerServiceAccount {
  readonly where: string;
  readonly name: string;
  readonly namespace: string;
}

/** Fails when a store's ServiceAccount does not fit the app's controller (see above). */
export function checkControllerServiceAccount(controller: ControllerServiceAccount, use: ServiceAccountUse): void {
  const sa = use.serviceAccount;
  const isController = sa.name === controller.name && sa.namespace === controller.namespace;
  if (sa.mode === 'controller' && !isController) {
    fail(controller.where, 'operator.controller-service-account.mismatch', `store ${use.where} uses the controller ServiceAccount ${sa.namespace}/${sa.name}, but this operator runs as `
      + `${controller.namespace}/${controller.name}; give IdentityServiceAccount.controller() the operator's name and namespace`);
  }
  if (sa.mode !== 'controller' && isController) {
    const clash = sa.mode === 'create'
      ? 'creating it for the store would collide with the one the operator\'s chart creates'
      : 'its annotations belong to the operator, and every store would share its rights';
    fail(use.where, 'identity.service-account.is-controller', `identity.serviceAccount ${quote(`${sa.namespace}/${sa.name}`)} is the ESO controller's own ServiceAccount (${controller.where}); `
      + `${clash}; for a controller-wide identity use IdentityServiceAccount.controller(), otherwise give the store's ServiceAccount another name`);
  }
}

/** What the app's ESO controller reconciles (its chart's scoping and reconciler switches). */
export interface ControllerScope {
  readonly where: string;
  /** `--namespace`: the one namespace the controller watches. */
  readonly namespace?: string;
  readonly clusterSecretStores: boolean;
  readonly secretStores: boolean;
}

/**
 * Fails when the app declares stores or ExternalSecrets its own controller will not reconcile
 * (deploy/charts/external-secrets/templates/deployment.yaml: scopedRBAC turns the cluster
 * reconcilers off and scopes the controller with --namespace; cmd/controller/root.go: a scoped
 * controller serves ClusterSecretStores only without references to other namespaces).
 */
export function checkControllerScope(
  controller: ControllerScope,
  stores: readonly StoreHandle[],
  externalSecrets: readonly ExternalSecretDeclaration[],
): void {
  const storesOf = (es: ExternalSecretDeclaration) => [
    es.store,
    ...es.data.flatMap((d) => (d.ref._store ? [d.ref._store] : [])),
    ...es.dataFrom.flatMap((d) => (d._store ? [d._store] : [])),
  ];
  const all = [...stores, ...externalSecrets.flatMap(storesOf)];
  for (const store of all) {
    if (store.kind === StoreKind.CLUSTER_SECRET_STORE && !controller.clusterSecretStores) {
      fail(store.where, 'operator.scope.cluster-store-disabled', `ClusterSecretStore ${quote(store.name)} is not reconciled by the app's eso controller (${controller.where}), which runs with its cluster store reconciler off `
        + '(scopedRbac or processClusterSecretStores: false), so the store never becomes ready; use a SecretStore in the namespace, or turn scopedRbac off');
    }
    if (store.kind === StoreKind.SECRET_STORE && !controller.secretStores) {
      fail(store.where, 'operator.scope.secret-store-disabled', `SecretStore ${quote(store.name)} is not reconciled by the app's eso controller (${controller.where}), which runs with processSecretStores: false; use a ClusterSecretStore, or turn processSecretStores on`);
    }
    if (controller.namespace !== undefined && store.kind === StoreKind.CLUSTER_SECRET_STORE) {
      const elsewhere = (store.provider?.namespacedRefs() ?? []).find((r) => r.namespace !== controller.namespace);
      if (elsewhere) {
        fail(store.where, 'operator.scope.cluster-store-other-namespace', `ClusterSecretStore ${quote(store.name)} references ${elsewhere.field} in namespace ${quote(elsewhere.namespace)}, but the app's eso controller (${controller.where}) watches only namespace `
          + `${quote(controller.namespace)}, where a ClusterSecretStore works only without references to other namespaces; move the referenced object into ${quote(controller.namespace)} or unscope the controller`);
      }
    }
  }
  if (controller.namespace !== undefined) {
    for (const es of externalSecrets) {
      if (es.namespace !== undefined && es.namespace !== controller.namespace) {
        fail(es.where, 'operator.scope.external-secret-other-namespace', `the ExternalSecret is in namespace ${quote(es.namespace)}, but the app's eso controller (${controller.where}) watches only namespace ${quote(controller.namespace)} (scopedNamespace), so eso never reconciles it; `
          + `move it into ${quote(controller.namespace)}, or unscope the controller`);
      }
    }
  }
}
