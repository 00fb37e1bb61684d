// esokit/pulumi: Pulumi components for External Secrets Operator stores, ExternalSecrets and
// their least-privilege identities. The Pulumi SDK packages come from the user's program; they are
// checked before anything loads them, so a missing or unsupported one fails with what to install.
import './require-sdk';

export {
  SecretStore,
  ClusterSecretStore,
  SecretStoreBase,
  SecretStoreRef,
  SecretStoreArgs,
  SecretStoreArgsBase,
  ClusterSecretStoreArgs,
  RemoteReferenceInputOptions,
  FindInputOptions,
} from './secret-store';
export {
  ExternalSecret,
  ExternalSecretArgs,
  ExternalSecretKey,
  ExternalSecretTargetArgs,
  SecretKeyRefOptions,
  SecretEnvFromOptions,
  SecretVolumeOptions,
} from './external-secret';
export { EsoOperator, EsoOperatorArgs } from './operator';
export {
  StoreIdentity,
  IdentityKind,
  AwsRoleArgs,
  IrsaIdentityArgs,
  PodIdentityArgs,
  VaultKubernetesIdentityArgs,
  KubernetesServiceAccountIdentityArgs,
} from './identity';
export { PULUMI_PEERS, PulumiPeer } from './peers';

// The declaration vocabulary is core's, shared with the cdk8s constructs.
export { SecretStoreProvider } from '../core/providers';
export { AwsAuth, AwsAccessKeysOptions, AwsProviderOptions, AwsSessionTag } from '../core/providers/aws/options';
export {
  VaultAuth,
  VaultKvVersion,
  CaProviderType,
  VaultCaProvider,
  VaultProviderOptions,
  VaultKubernetesAuthOptions,
  VaultAppRoleAuthOptions,
  VaultJwtAuthOptions,
} from '../core/providers/vault/options';
export { KubernetesAuth, KubernetesCaProvider, KubernetesClientCertificateOptions, KubernetesProviderOptions } from '../core/providers/kubernetes/options';
export { FakeProviderOptions, FakeSecretData, FakeValidationResult } from '../core/providers/fake/options';
export { RbacRule } from '../core/model/grants';
export { RemoteReference, RemoteReferenceOptions, ConversionStrategy, DecodingStrategy, NullBytePolicy } from '../core/resources/remote-ref';
export { MetadataPolicy } from '../core/model/reads';
export { DataFrom, DataFromOptions, FindOptions, Rewrite } from '../core/resources/data-from';
export { RefreshPolicy, CreationPolicy, DeletionPolicy, ExternalSecretTarget } from '../core/resources/external-secret';
export { SecretTemplate, TemplateFrom, TemplateMergePolicy, TemplateTarget, TemplateScope, TemplateSourceItem } from '../core/resources/template';
export { StoreKind, ClusterSecretStoreCondition, LabelSelectorRequirement } from '../core/model/kinds';
export { SecretKeySelector, ServiceAccountSelector } from '../core/model/selectors';
export { IdentityServiceAccount, CreatedServiceAccountOptions, ControllerServiceAccountOptions } from '../core/identities/service-account';
export { ESO_VERSION, ESO_API_VERSION, ESO_CHART_VERSION, ESO_CHART_REPOSITORY, ESO_IMAGE_REPOSITORY, ESO_IMAGE_TAG } from '../core/model/eso';
export { EsoLogLevel, OperatorOptions, OperatorToleration } from '../core/operator/options';
