import { KubernetesProviderOptions } from './options';
import { checkSecretName, kubernetesReadRules } from './permissions';
import { DEFAULT_REMOTE_NAMESPACE, kubernetesNamespacedRefs, kubernetesWarnings, renderKubernetesProvider } from './render';
import { fail, quote } from '../../model/errors';
import { isDnsSubdomain, isSecretKey } from '../../model/names';
import { ProviderHandle } from '../../model/provider';
import { MetadataPolicy, ReferenceShape } from '../../model/reads';
import { refuseUnderivedWrites } from '../../model/writes';

/*
 * Secrets of a Kubernetes namespace, read through the Kubernetes API: ESO's `kubernetes`
 * provider (providers/v1/kubernetes/).
 */

/** A Kubernetes store's backend. */
export function kubernetesProvider(options: KubernetesProviderOptions): ProviderHandle {
  const remoteNamespace = options.remoteNamespace ?? DEFAULT_REMOTE_NAMESPACE;
  return {
    key: 'kubernetes',
    displayName: 'Kubernetes',
    hasOwnAuth: options.auth !== undefined,
    render: (where, store, auth) => renderKubernetesProvider(where, options, store, auth),
    namespacedRefs: () => kubernetesNamespacedRefs(options),
    checkReference: (where, field, ref) => checkKubernetesReference(where, field, ref, remoteNamespace),
    renderFind(where, field, find) {
      // client.go GetAllSecrets never reads find.path: the find would select more than asked.
      if (find.path !== undefined) {
        fail(where, 'kubernetes.find.path', `${field}.path ${quote(find.path)} is ignored by eso's kubernetes provider, which would return every matching secret of namespace ${quote(remoteNamespace)}; secret names have no paths, so remove it or express the prefix in nameRegexp`);
      }
      // client.go GetAllSecrets: with tags, the name regexp is never looked at.
      if (find.tags !== undefined && find.nameRegexp !== undefined) {
        fail(where, 'kubernetes.find.tags-and-name', `${field} has both tags and nameRegexp; eso's kubernetes provider then selects by tags only and ignores nameRegexp ${quote(find.nameRegexp)}, so give one of them`);
      }
      // client.go findByTags: labels.ValidatedSelectorFromSet ("unable to validate selector tags").
      for (const [key, value] of Object.entries(find.tags ?? {})) {
        if (!isLabelKey(key)) {
          fail(where, 'kubernetes.find.tag-key.invalid', `${field}.tags key ${quote(key)} is not a kubernetes label key (an optional dns subdomain prefix and "/", then at most 63 letters, digits, '-', '_' and '.', starting and ending with a letter or digit)`);
        }
        if (!isLabelValue(value)) {
          fail(where, 'kubernetes.find.tag-value.invalid', `${field}.tags value ${quote(value)} of ${quote(key)} is not a kubernetes label value (at most 63 letters, digits, '-', '_' and '.', starting and ending with a letter or digit)`);
        }
      }
      return find;
    },
    permissions: {
      'kubernetes-rbac': (ctx, reads, writes) => {
        refuseUnderivedWrites(writes, 'the Kubernetes API');
        return kubernetesReadRules(ctx, remoteNamespace, reads);
      },
    },
    // Calls to a Kubernetes API server cost nothing per call.
    price: 'free',
    warnings: (where) => kubernetesWarnings(where, options),
  };
}

function checkKubernetesReference(where: string, field: string, ref: ReferenceShape, remoteNamespace: string): void {
  checkSecretName(where, `${field}.key`, ref.key, remoteNamespace);
  // client.go GetSecret and GetSecretMap never read the version.
  if (ref.version !== undefined) {
    fail(where, 'kubernetes.version.unsupported', `${field}.version ${quote(ref.version)} is ignored by eso's kubernetes provider (kubernetes secrets have no versions); remove version`);
  }
  const property = ref.property;
  if (property === undefined) {
    return;
  }
  const extract = field.endsWith('.extract');
  if (ref.metadataPolicy === MetadataPolicy.FETCH) {
    const path = property.split('.');
    // client.go getFromSecretMetadata: only "labels" and "annotations" exist.
    if (path[0] !== 'labels' && path[0] !== 'annotations') {
      fail(where, 'kubernetes.metadata.property-root', `${field}.property ${quote(property)} reads metadata, which eso's kubernetes provider exposes as "labels" and "annotations" only; use e.g. "labels" or "annotations.<key>"`);
    }
    // client.go getFromSecretMetadata joins the gjson path after the label key without dots
    // (strings.Join(path[2:], "")), so a deeper path reads the wrong field.
    if (!extract && path.length > 3) {
      fail(where, 'kubernetes.metadata.property-depth', `${field}.property ${quote(property)} goes more than one level into a label or annotation value; eso's kubernetes provider joins the rest of the path without dots and would read ${quote(path.slice(2).join(''))}, so read the whole value and pick the field in a template`);
    }
    return;
  }
  // client.go getFromSecretData: the property is a data key of the Secret, tried exactly first
  // (so "ca.crt" needs no escaping), else a key and a gjson path after its first "." (GetSecret);
  // getPropertyMap looks up an exact key (dataFrom.extract).
  const dot = property.indexOf('.');
  const keyPart = !extract && dot > 0 && dot < property.length - 1 ? property.slice(0, dot) : property;
  if (!isSecretKey(property) && !isSecretKey(keyPart)) {
    fail(where, 'kubernetes.property.invalid', `${field}.property ${quote(property)} names no key a kubernetes secret can have (letters, digits, '-', '_' and '.'); eso looks the property up as the exact data key (write "ca.crt", not "ca\\.crt")${extract ? '' : ', or as a key followed by a json path after its first "." ("config.db.host")'}`);
  }
}

function isLabelKey(key: string): boolean {
  const slash = key.lastIndexOf('/');
  const prefix = slash >= 0 ? key.slice(0, slash) : undefined;
  const name = slash >= 0 ? key.slice(slash + 1) : key;
  return (prefix === undefined || isDnsSubdomain(prefix)) && isLabelValue(name) && name !== '';
}

function isLabelValue(value: string): boolean {
  return value.length <= 63 && /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/.test(value);
}
