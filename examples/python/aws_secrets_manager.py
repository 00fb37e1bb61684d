"""AWS Secrets Manager, in Python: the same app as examples/aws-secrets-manager.ts.

A ClusterSecretStore for shared secrets and a namespaced SecretStore for the team's own, each with
its own IRSA role that can read exactly the secrets referenced through it (emitted as AWS
Controllers for Kubernetes ``Role``s), ExternalSecrets for a plain-string secret, properties of a
JSON secret and a path of secrets, and a Deployment that consumes them through typed references.
Flux installs the ESO controller itself (pinned chart 2.9.0).
"""

import cdk8s_plus_27 as kplus
from cdk8s import ApiObjectMetadata, App, Chart, Duration
from esokit import (
    AckIamRole,
    ClusterSecretStore,
    ClusterSecretStoreCondition,
    EsoOperator,
    ExternalSecret,
    ExternalSecretTarget,
    IdentityServiceAccount,
    OperatorInstall,
    SecretStore,
    SecretStoreProvider,
    StoreIdentity,
)

# The EKS cluster's IAM OIDC provider (from `aws eks describe-cluster`).
OIDC_PROVIDER_ARN = (
    "arn:aws:iam::123456789012:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE"
)


def aws_secrets_manager_app(app: App) -> Chart:
    chart = Chart(app, "payments", namespace="payments")

    # The ESO controller at the pinned release, installed by Flux; the stores below come after it.
    EsoOperator(
        chart,
        "eso",
        install=OperatorInstall.flux(),
        replicas=2,
        cpu_request="10m",
        memory_request="64Mi",
        memory_limit="256Mi",
    )

    # Shared secrets, through a ServiceAccount created in external-secrets for this store alone.
    shared = ClusterSecretStore(
        chart,
        "shared",
        metadata=ApiObjectMetadata(name="aws-shared"),
        provider=SecretStoreProvider.aws_secrets_manager(region="us-east-1"),
        identity=StoreIdentity.irsa(
            oidc_provider_arn=OIDC_PROVIDER_ARN,
            role_name="eso-aws-shared",
            service_account=IdentityServiceAccount.create(name="eso-shared", namespace="external-secrets"),
        ),
        conditions=[ClusterSecretStoreCondition(namespaces=["payments", "checkout"])],
    )

    # The team's own secrets, encrypted with the team's KMS key, through a ServiceAccount in the
    # team's namespace.
    team = SecretStore(
        chart,
        "team",
        metadata=ApiObjectMetadata(name="aws-payments"),
        provider=SecretStoreProvider.aws_secrets_manager(
            region="us-east-1",
            kms_key_arns=["arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"],
        ),
        identity=StoreIdentity.irsa(
            oidc_provider_arn=OIDC_PROVIDER_ARN,
            role_name="eso-payments",
            role_path="/eso/",
            service_account=IdentityServiceAccount.create(name="payments-secrets-reader"),
            tags={"team": "payments"},
        ),
    )

    # A plain-string secret: the whole value becomes one key.
    stripe = ExternalSecret(
        chart,
        "stripe",
        store=shared,
        refresh_interval=Duration.hours(1),
        target=ExternalSecretTarget(name="stripe-api-key"),
        data={"STRIPE_API_KEY": shared.ref("/shared/stripe/api-key")},
    )

    # Properties of a JSON secret {"username": …, "password": …, "connection": {"host.name": …}}.
    db = ExternalSecret(
        chart,
        "db",
        store=team,
        refresh_interval=Duration.minutes(15),
        target=ExternalSecretTarget(name="payments-db"),
        data={
            "username": team.ref("/payments/prod/db", property="username"),
            "password": team.ref("/payments/prod/db", property="password"),
            "host": team.ref("/payments/prod/db", property_path=["connection", "host.name"]),
        },
    )

    # Every secret under a path, each becoming keys of one Secret.
    flags = ExternalSecret(
        chart,
        "flags",
        store=team,
        refresh_interval=Duration.hours(6),
        target=ExternalSecretTarget(name="payments-flags"),
        data_from=[team.find(path="/payments/prod/flags/", name_regexp=".*")],
        data_from_keys=["checkout_v2"],
    )

    # The stores' IAM roles, reconciled in-cluster by the ACK IAM controller.
    AckIamRole(chart, "shared-role", identity=shared.identity, metadata=ApiObjectMetadata(name="eso-aws-shared"))
    AckIamRole(chart, "team-role", identity=team.identity, metadata=ApiObjectMetadata(name="eso-payments"))

    deployment = kplus.Deployment(
        chart,
        "api",
        replicas=2,
        containers=[
            kplus.ContainerProps(
                image="ghcr.io/example/payments-api:1.4.2",
                port_number=8080,
                env_variables={
                    "STRIPE_API_KEY": stripe.env_value("STRIPE_API_KEY"),
                    "DB_USER": db.env_value("username"),
                    "DB_PASSWORD": db.env_value("password"),
                    "DB_HOST": db.env_value("host"),
                    "CHECKOUT_V2": flags.env_value("checkout_v2"),
                },
                security_context=kplus.ContainerSecurityContextProps(user=1000, group=1000),
            )
        ],
    )
    deployment.add_volume(db.as_volume("db-files", items={"password": kplus.PathMapping(path="db-password")}))
    return chart
