import { fail, quote } from '../model/errors';
import { BoundServiceAccount } from '../model/identity';

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
