// Core model: providers, references and the enums and structs the front ends share.
export { SecretKeySelector, ServiceAccountSelector } from './core/selectors';
export { AwsAuth, AwsAccessKeysOptions, AwsProviderOptions, AwsSessionTag } from './core/aws';
export {
  CaProviderType,
  VaultAppRoleAuthOptions,
  VaultAuth,
  VaultCaProvider,
  VaultJwtAuthOptions,
  VaultKubernetesAuthOptions,
  VaultKvVersion,
  VaultProviderOptions,
} from './core/vault';
export { SecretStoreProvider } from './core/provider';
export { ClusterSecretStoreCondition, LabelSelectorRequirement, StoreKind } from './core/store';
export {
  ConversionStrategy,
  DecodingStrategy,
  MetadataPolicy,
  NullBytePolicy,
  RemoteReference,
  RemoteReferenceOptions,
} from './core/remote-ref';
export { DataFrom, DataFromOptions, FindOptions, Rewrite } from './core/data-from';
export { SecretTemplate, TemplateFrom, TemplateMergePolicy, TemplateScope, TemplateSourceItem, TemplateTarget } from './core/template';
export { CreationPolicy, DeletionPolicy, ExternalSecretTarget, RefreshPolicy } from './core/external-secret';
export { ControllerServiceAccountOptions, CreatedServiceAccountOptions, IdentityServiceAccount } from './core/identity-service-account';
export { VaultRoleParameters } from './core/identity';
export { EsoLogLevel, OperatorOptions, OperatorToleration } from './core/operator-options';

// cdk8s constructs.
export * from './cdk8s/secret-store';
export * from './cdk8s/external-secret';
export * from './cdk8s/identity';
export * from './cdk8s/identity-resources';
export * from './cdk8s/operator';
