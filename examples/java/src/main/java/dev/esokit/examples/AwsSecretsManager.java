package dev.esokit.examples;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.esokit.AckIamRole;
import dev.esokit.AwsProviderOptions;
import dev.esokit.ClusterSecretStore;
import dev.esokit.ClusterSecretStoreCondition;
import dev.esokit.CreatedServiceAccountOptions;
import dev.esokit.EsoOperator;
import dev.esokit.ExternalSecret;
import dev.esokit.ExternalSecretTarget;
import dev.esokit.FindOptions;
import dev.esokit.IdentityServiceAccount;
import dev.esokit.IrsaIdentityOptions;
import dev.esokit.OperatorInstall;
import dev.esokit.RemoteReference;
import dev.esokit.RemoteReferenceOptions;
import dev.esokit.SecretStore;
import dev.esokit.SecretStoreProvider;
import dev.esokit.StoreIdentity;
import org.cdk8s.ApiObjectMetadata;
import org.cdk8s.App;
import org.cdk8s.Chart;
import org.cdk8s.ChartProps;
import org.cdk8s.Duration;
import org.cdk8s.plus27.ContainerProps;
import org.cdk8s.plus27.ContainerSecurityContextProps;
import org.cdk8s.plus27.Deployment;
import org.cdk8s.plus27.EnvValue;
import org.cdk8s.plus27.PathMapping;
import org.cdk8s.plus27.SecretVolumeOptions;

/**
 * AWS Secrets Manager, in Java: the same app as examples/aws-secrets-manager.ts.
 *
 * <p>A ClusterSecretStore for shared secrets and a namespaced SecretStore for the team's own, each
 * with its own IRSA role that can read exactly the secrets referenced through it (emitted as AWS
 * Controllers for Kubernetes {@code Role}s), ExternalSecrets for a plain-string secret, properties
 * of a JSON secret and a path of secrets, and a Deployment that consumes them through typed
 * references. Flux installs the ESO controller itself (pinned chart 2.9.0).
 *
 * <p>Maps whose order shows in the manifests (the ExternalSecrets' data, the container's
 * environment) are {@link LinkedHashMap}s, which keep the order of a TypeScript object literal.
 */
public final class AwsSecretsManager {
    /** The EKS cluster's IAM OIDC provider (from {@code aws eks describe-cluster}). */
    static final String OIDC_PROVIDER_ARN =
        "arn:aws:iam::123456789012:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE";

    private AwsSecretsManager() {
    }

    public static Chart awsSecretsManagerApp(final App app) {
        Chart chart = new Chart(app, "payments", ChartProps.builder().namespace("payments").build());

        // The ESO controller at the pinned release, installed by Flux; the stores below come after it.
        EsoOperator.Builder.create(chart, "eso")
            .install(OperatorInstall.flux())
            .replicas(2)
            .cpuRequest("10m")
            .memoryRequest("64Mi")
            .memoryLimit("256Mi")
            .build();

        // Shared secrets, through a ServiceAccount created in external-secrets for this store alone.
        ClusterSecretStore shared = ClusterSecretStore.Builder.create(chart, "shared")
            .metadata(ApiObjectMetadata.builder().name("aws-shared").build())
            .provider(SecretStoreProvider.awsSecretsManager(AwsProviderOptions.builder().region("us-east-1").build()))
            .identity(StoreIdentity.irsa(IrsaIdentityOptions.builder()
                .oidcProviderArn(OIDC_PROVIDER_ARN)
                .roleName("eso-aws-shared")
                .serviceAccount(IdentityServiceAccount.create(CreatedServiceAccountOptions.builder()
                    .name("eso-shared")
                    .namespace("external-secrets")
                    .build()))
                .build()))
            .conditions(List.of(ClusterSecretStoreCondition.builder().namespaces(List.of("payments", "checkout")).build()))
            .build();

        // The team's own secrets, encrypted with the team's KMS key, through a ServiceAccount in the
        // team's namespace.
        SecretStore team = SecretStore.Builder.create(chart, "team")
            .metadata(ApiObjectMetadata.builder().name("aws-payments").build())
            .provider(SecretStoreProvider.awsSecretsManager(AwsProviderOptions.builder()
                .region("us-east-1")
                .kmsKeyArns(List.of("arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"))
                .build()))
            .identity(StoreIdentity.irsa(IrsaIdentityOptions.builder()
                .oidcProviderArn(OIDC_PROVIDER_ARN)
                .roleName("eso-payments")
                .rolePath("/eso/")
                .serviceAccount(IdentityServiceAccount.create(CreatedServiceAccountOptions.builder()
                    .name("payments-secrets-reader")
                    .build()))
                .tags(Map.of("team", "payments"))
                .build()))
            .build();

        // A plain-string secret: the whole value becomes one key.
        ExternalSecret stripe = ExternalSecret.Builder.create(chart, "stripe")
            .store(shared)
            .refreshInterval(Duration.hours(1))
            .target(ExternalSecretTarget.builder().name("stripe-api-key").build())
            .data(Map.of("STRIPE_API_KEY", shared.ref("/shared/stripe/api-key")))
            .build();

        // Properties of a JSON secret {"username": …, "password": …, "connection": {"host.name": …}}.
        Map<String, RemoteReference> dbData = new LinkedHashMap<>();
        dbData.put("username", team.ref("/payments/prod/db", RemoteReferenceOptions.builder().property("username").build()));
        dbData.put("password", team.ref("/payments/prod/db", RemoteReferenceOptions.builder().property("password").build()));
        dbData.put("host", team.ref("/payments/prod/db",
            RemoteReferenceOptions.builder().propertyPath(List.of("connection", "host.name")).build()));
        ExternalSecret db = ExternalSecret.Builder.create(chart, "db")
            .store(team)
            .refreshInterval(Duration.minutes(15))
            .target(ExternalSecretTarget.builder().name("payments-db").build())
            .data(dbData)
            .build();

        // Every secret under a path, each becoming keys of one Secret.
        ExternalSecret flags = ExternalSecret.Builder.create(chart, "flags")
            .store(team)
            .refreshInterval(Duration.hours(6))
            .target(ExternalSecretTarget.builder().name("payments-flags").build())
            .dataFrom(List.of(team.find(FindOptions.builder().path("/payments/prod/flags/").nameRegexp(".*").build())))
            .dataFromKeys(List.of("checkout_v2"))
            .build();

        // The stores' IAM roles, reconciled in-cluster by the ACK IAM controller.
        AckIamRole.Builder.create(chart, "shared-role")
            .identity(shared.getIdentity())
            .metadata(ApiObjectMetadata.builder().name("eso-aws-shared").build())
            .build();
        AckIamRole.Builder.create(chart, "team-role")
            .identity(team.getIdentity())
            .metadata(ApiObjectMetadata.builder().name("eso-payments").build())
            .build();

        Map<String, EnvValue> env = new LinkedHashMap<>();
        env.put("STRIPE_API_KEY", stripe.envValue("STRIPE_API_KEY"));
        env.put("DB_USER", db.envValue("username"));
        env.put("DB_PASSWORD", db.envValue("password"));
        env.put("DB_HOST", db.envValue("host"));
        env.put("CHECKOUT_V2", flags.envValue("checkout_v2"));
        Deployment deployment = Deployment.Builder.create(chart, "api")
            .replicas(2)
            .containers(List.of(ContainerProps.builder()
                .image("ghcr.io/example/payments-api:1.4.2")
                .portNumber(8080)
                .envVariables(env)
                .securityContext(ContainerSecurityContextProps.builder().user(1000).group(1000).build())
                .build()))
            .build();
        deployment.addVolume(db.asVolume("db-files", SecretVolumeOptions.builder()
            .items(Map.of("password", PathMapping.builder().path("db-password").build()))
            .build()));
        return chart;
    }
}
