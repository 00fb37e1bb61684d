// Core model: providers, references and the enums and structs the front ends share.
export { SecretKeySelector, ServiceAccountSelector } from './core/model/selectors';
export { AwsAuth, AwsAccessKeysOptions, AwsProviderOptions, AwsSessionTag } from './core/providers/aws/options';
export {
  CaProviderType,
  VaultAppRoleAuthOptions,
  VaultAuth,
  VaultCaProvider,
  VaultJwtAuthOptions,
  VaultKubernetesAuthOptions,
  VaultKvVersion,
  VaultProviderOptions,
} from './core/providers/vault/options';
export { KubernetesAuth, KubernetesCaProvider, KubernetesClientCertificateOptions, KubernetesProviderOptions } from './core/providers/kubernetes/options';
export { FakeProviderOptions, FakeSecretData, FakeValidationResult } from './core/providers/fake/options';
export { SecretStoreProvider } from './core/providers';
export { ClusterSecretStoreCondition, LabelSelectorRequirement, StoreKind } from './core/model/kinds';
export { MetadataPolicy } from './core/model/reads';
export {
  ConversionStrategy,
  DecodingStrategy,
  NullBytePolicy,
  RemoteReference,
  RemoteReferenceOptions,
} from './core/resources/remote-ref';
export { DataFrom, DataFromOptions, FindOptions, Rewrite } from './core/resources/data-from';
export { SecretTemplate, TemplateFrom, TemplateMergePolicy, TemplateScope, TemplateSourceItem, TemplateTarget } from './core/resources/template';
export { CreationPolicy, DeletionPolicy, ExternalSecretTarget, RefreshPolicy } from './core/resources/external-secret';
export { ControllerServiceAccountOptions, CreatedServiceAccountOptions, IdentityServiceAccount } from './core/identities/service-account';
export { VaultRoleParameters } from './core/identities/vault-kubernetes';
export { EsoLogLevel, OperatorOptions, OperatorToleration } from './core/operator/options';

// cdk8s constructs.
export * from './cdk8s/secret-store';
export * from './cdk8s/external-secret';
export * from './cdk8s/identity';
export * from './cdk8s/identity-options';
export * from './cdk8s/identity-resources';
export * from './cdk8s/operator';
