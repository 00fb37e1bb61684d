package main

// AWS Secrets Manager, in Go: the same app as examples/aws-secrets-manager.ts.
//
// A ClusterSecretStore for shared secrets and a namespaced SecretStore for the team's own, each
// with its own IRSA role that can read exactly the secrets referenced through it (emitted as AWS
// Controllers for Kubernetes Roles), ExternalSecrets for a plain-string secret, properties of a
// JSON secret and a path of secrets, and a Deployment that consumes them through typed
// references. Flux installs the ESO controller itself (pinned chart 2.9.0).

import (
	"github.com/aws/jsii-runtime-go"
	"github.com/cdk8s-team/cdk8s-core-go/cdk8s/v2"
	kplus "github.com/cdk8s-team/cdk8s-plus-go/cdk8splus27/v2"
	"github.com/esokit/esokit-go/esokit"
)

// The EKS cluster's IAM OIDC provider (from `aws eks describe-cluster`).
const oidcProviderArn = "arn:aws:iam::123456789012:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE"

func AwsSecretsManagerApp(app cdk8s.App) cdk8s.Chart {
	chart := cdk8s.NewChart(app, jsii.String("payments"), &cdk8s.ChartProps{Namespace: jsii.String("payments")})

	// The ESO controller at the pinned release, installed by Flux; the stores below come after it.
	esokit.NewEsoOperator(chart, jsii.String("eso"), &esokit.EsoOperatorProps{
		Install:       esokit.OperatorInstall_Flux(nil),
		Replicas:      jsii.Number(2),
		CpuRequest:    jsii.String("10m"),
		MemoryRequest: jsii.String("64Mi"),
		MemoryLimit:   jsii.String("256Mi"),
	})

	// Shared secrets, through a ServiceAccount created in external-secrets for this store alone.
	shared := esokit.NewClusterSecretStore(chart, jsii.String("shared"), &esokit.ClusterSecretStoreProps{
		Metadata: &cdk8s.ApiObjectMetadata{Name: jsii.String("aws-shared")},
		Provider: esokit.SecretStoreProvider_AwsSecretsManager(&esokit.AwsProviderOptions{Region: jsii.String("us-east-1")}),
		Identity: esokit.StoreIdentity_Irsa(&esokit.IrsaIdentityOptions{
			OidcProviderArn: jsii.String(oidcProviderArn),
			RoleName:        jsii.String("eso-aws-shared"),
			ServiceAccount: esokit.IdentityServiceAccount_Create(&esokit.CreatedServiceAccountOptions{
				Name:      jsii.String("eso-shared"),
				Namespace: jsii.String("external-secrets"),
			}),
		}),
		Conditions: &[]*esokit.ClusterSecretStoreCondition{{Namespaces: jsii.Strings("payments", "checkout")}},
	})

	// The team's own secrets, encrypted with the team's KMS key, through a ServiceAccount in the
	// team's namespace.
	team := esokit.NewSecretStore(chart, jsii.String("team"), &esokit.SecretStoreProps{
		Metadata: &cdk8s.ApiObjectMetadata{Name: jsii.String("aws-payments")},
		Provider: esokit.SecretStoreProvider_AwsSecretsManager(&esokit.AwsProviderOptions{
			Region:     jsii.String("us-east-1"),
			KmsKeyArns: jsii.Strings("arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"),
		}),
		Identity: esokit.StoreIdentity_Irsa(&esokit.IrsaIdentityOptions{
			OidcProviderArn: jsii.String(oidcProviderArn),
			RoleName:        jsii.String("eso-payments"),
			RolePath:        jsii.String("/eso/"),
			ServiceAccount:  esokit.IdentityServiceAccount_Create(&esokit.CreatedServiceAccountOptions{Name: jsii.String("payments-secrets-reader")}),
			Tags:            &map[string]*string{"team": jsii.String("payments")},
		}),
	})

	// A plain-string secret: the whole value becomes one key.
	stripe := esokit.NewExternalSecret(chart, jsii.String("stripe"), &esokit.ExternalSecretProps{
		Store:           shared,
		RefreshInterval: cdk8s.Duration_Hours(jsii.Number(1)),
		Target:          &esokit.ExternalSecretTarget{Name: jsii.String("stripe-api-key")},
		Data:            &map[string]esokit.RemoteReference{"STRIPE_API_KEY": shared.Ref(jsii.String("/shared/stripe/api-key"), nil)},
	})

	// Properties of a JSON secret {"username": …, "password": …, "connection": {"host.name": …}}.
	// A Go map has no order (jsii hands it over with its keys sorted), so the keys are added one
	// by one to keep the order of the TypeScript object literal.
	db := esokit.NewExternalSecret(chart, jsii.String("db"), &esokit.ExternalSecretProps{
		Store:           team,
		RefreshInterval: cdk8s.Duration_Minutes(jsii.Number(15)),
		Target:          &esokit.ExternalSecretTarget{Name: jsii.String("payments-db")},
	})
	db.AddData(jsii.String("username"), team.Ref(jsii.String("/payments/prod/db"), &esokit.RemoteReferenceOptions{Property: jsii.String("username")}))
	db.AddData(jsii.String("password"), team.Ref(jsii.String("/payments/prod/db"), &esokit.RemoteReferenceOptions{Property: jsii.String("password")}))
	db.AddData(jsii.String("host"), team.Ref(jsii.String("/payments/prod/db"), &esokit.RemoteReferenceOptions{PropertyPath: jsii.Strings("connection", "host.name")}))

	// Every secret under a path, each becoming keys of one Secret.
	flags := esokit.NewExternalSecret(chart, jsii.String("flags"), &esokit.ExternalSecretProps{
		Store:           team,
		RefreshInterval: cdk8s.Duration_Hours(jsii.Number(6)),
		Target:          &esokit.ExternalSecretTarget{Name: jsii.String("payments-flags")},
		DataFrom:        &[]esokit.DataFrom{team.Find(&esokit.FindOptions{Path: jsii.String("/payments/prod/flags/"), NameRegexp: jsii.String(".*")})},
		DataFromKeys:    jsii.Strings("checkout_v2"),
	})

	// The stores' IAM roles, reconciled in-cluster by the ACK IAM controller.
	esokit.NewAckIamRole(chart, jsii.String("shared-role"), &esokit.AckIamRoleProps{
		Identity: shared.Identity(),
		Metadata: &cdk8s.ApiObjectMetadata{Name: jsii.String("eso-aws-shared")},
	})
	esokit.NewAckIamRole(chart, jsii.String("team-role"), &esokit.AckIamRoleProps{
		Identity: team.Identity(),
		Metadata: &cdk8s.ApiObjectMetadata{Name: jsii.String("eso-payments")},
	})

	// The container's environment keeps its order the same way: one variable at a time.
	deployment := kplus.NewDeployment(chart, jsii.String("api"), &kplus.DeploymentProps{
		Replicas: jsii.Number(2),
		Containers: &[]*kplus.ContainerProps{{
			Image:           jsii.String("ghcr.io/example/payments-api:1.4.2"),
			PortNumber:      jsii.Number(8080),
			SecurityContext: &kplus.ContainerSecurityContextProps{User: jsii.Number(1000), Group: jsii.Number(1000)},
		}},
	})
	env := (*deployment.Containers())[0].Env()
	env.AddVariable(jsii.String("STRIPE_API_KEY"), stripe.EnvValue(jsii.String("STRIPE_API_KEY"), nil))
	env.AddVariable(jsii.String("DB_USER"), db.EnvValue(jsii.String("username"), nil))
	env.AddVariable(jsii.String("DB_PASSWORD"), db.EnvValue(jsii.String("password"), nil))
	env.AddVariable(jsii.String("DB_HOST"), db.EnvValue(jsii.String("host"), nil))
	env.AddVariable(jsii.String("CHECKOUT_V2"), flags.EnvValue(jsii.String("checkout_v2"), nil))
	deployment.AddVolume(db.AsVolume(jsii.String("db-files"), &kplus.SecretVolumeOptions{
		Items: &map[string]*kplus.PathMapping{"password": {Path: jsii.String("db-password")}},
	}))
	return chart
}
