package main

import (
	"fmt"
	"strings"

	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"
	"github.com/cdk8s-hardening/cdk8s-hardening-go/cdk8shardening"
	"github.com/cdk8s-team/cdk8s-core-go/cdk8s/v2"
	"github.com/cdk8s-team/cdk8s-plus-go/cdk8splus27/v2"
)

// The payment provider's API and the report bucket (documentation ranges).
const (
	paymentProviderCidr = "203.0.113.0/24"
	reportBucketCidr    = "198.51.100.0/24"
)

// platformSigningKey is the key the platform team signs the upstream images with (`cosign public-key`).
const platformSigningKey = `-----BEGIN PUBLIC KEY-----
MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEEK/qXYwEDpdtiyZnExnu4Mzv7djp
GYO7mz/r//uKw0khUh35V0MYE+S4kPCk539wHaH3+mLSce9B4YEbHOeZ8Q==
-----END PUBLIC KEY-----`

// small gives explicit resources: the namespace quota must fit every replica's limits.
func small() *cdk8splus27.ContainerResources {
	return &cdk8splus27.ContainerResources{
		Cpu:    &cdk8splus27.CpuResources{Request: cdk8splus27.Cpu_Millis(jsii.Number(100)), Limit: cdk8splus27.Cpu_Millis(jsii.Number(500))},
		Memory: &cdk8splus27.MemoryResources{Request: cdk8s.Size_Mebibytes(jsii.Number(128)), Limit: cdk8s.Size_Mebibytes(jsii.Number(256))},
	}
}

func meta(name string, namespace cdk8shardening.HardenedNamespace) *cdk8s.ApiObjectMetadata {
	return &cdk8s.ApiObjectMetadata{Name: jsii.String(name), Namespace: namespace.NamespaceName()}
}

func port(number float64, name string) *cdk8splus27.ContainerPort {
	return &cdk8splus27.ContainerPort{Number: jsii.Number(number), Name: jsii.String(name)}
}

func httpsProbe(path string) cdk8splus27.Probe {
	return cdk8splus27.Probe_FromHttpGet(jsii.String(path), &cdk8splus27.HttpGetProbeOptions{Port: jsii.Number(8443), Scheme: cdk8splus27.ConnectionScheme_HTTPS})
}

func tcpSocketProbe(number float64) cdk8splus27.Probe {
	return cdk8splus27.Probe_FromTcpSocket(&cdk8splus27.TcpSocketProbeOptions{Port: jsii.Number(number)})
}

func tcp(number float64) *cdk8shardening.AllowTrafficOptions {
	return &cdk8shardening.AllowTrafficOptions{Ports: &[]cdk8shardening.PolicyPort{cdk8shardening.PolicyPort_Tcp(jsii.Number(number))}}
}

// ExampleCluster is the shop: storefront, payments and data namespaces, with exactly the network
// paths it needs (examples/main.ts).
type ExampleCluster struct {
	cdk8s.Chart
	Web, Api, PaymentsApi, OrderWorker cdk8shardening.HardenedDeployment
	OrdersDb, Queue                    cdk8shardening.HardenedStatefulSet
	DbMigrate                          cdk8shardening.HardenedJob
	NightlyReport                      cdk8shardening.HardenedCronJob
	Rbac                               cdk8shardening.SeparatedRbac
}

// NewExampleCluster adds the example cluster's chart to scope.
func NewExampleCluster(scope constructs.Construct, id string) *ExampleCluster {
	chart := cdk8s.NewChart(scope, jsii.String(id), nil)
	c := &ExampleCluster{Chart: chart}

	storefront := cdk8shardening.NewHardenedNamespace(chart, jsii.String("storefront"), &cdk8shardening.HardenedNamespaceProps{Name: jsii.String("storefront")})
	payments := cdk8shardening.NewHardenedNamespace(chart, jsii.String("payments"), &cdk8shardening.HardenedNamespaceProps{Name: jsii.String("payments")})
	data := cdk8shardening.NewHardenedNamespace(chart, jsii.String("data"), &cdk8shardening.HardenedNamespaceProps{Name: jsii.String("data")})

	// --- storefront ---
	c.Web = cdk8shardening.NewHardenedDeployment(chart, jsii.String("web"), &cdk8shardening.HardenedDeploymentProps{
		Metadata:      meta("web", storefront),
		Replicas:      jsii.Number(3),
		WritablePaths: jsii.Strings("/tmp", "/var/cache/nginx"),
		Containers: &[]*cdk8splus27.ContainerProps{{
			Name:      jsii.String("nginx"),
			Image:     jsii.String("nginxinc/nginx-unprivileged:1.27.3-alpine"),
			Ports:     &[]*cdk8splus27.ContainerPort{port(8080, "http")},
			Readiness: cdk8splus27.Probe_FromHttpGet(jsii.String("/"), &cdk8splus27.HttpGetProbeOptions{Port: jsii.Number(8080)}),
			Liveness:  tcpSocketProbe(8080),
			Resources: small(),
		}},
	})

	c.Api = cdk8shardening.NewHardenedDeployment(chart, jsii.String("api"), &cdk8shardening.HardenedDeploymentProps{
		Metadata:      meta("api", storefront),
		Replicas:      jsii.Number(2),
		WritablePaths: jsii.Strings("/tmp"),
		Containers: &[]*cdk8splus27.ContainerProps{{
			Name:      jsii.String("api"),
			Image:     jsii.String("registry.acme.example/storefront-api:2.14.0"),
			Ports:     &[]*cdk8splus27.ContainerPort{port(8443, "https")},
			Readiness: httpsProbe("/readyz"),
			Liveness:  httpsProbe("/livez"),
			Resources: small(),
		}},
	})

	// --- payments ---
	c.PaymentsApi = cdk8shardening.NewHardenedDeployment(chart, jsii.String("payments-api"), &cdk8shardening.HardenedDeploymentProps{
		Metadata:           meta("payments-api", payments),
		Replicas:           jsii.Number(2),
		RequireImageDigest: jsii.Bool(true),
		InitContainers: &[]*cdk8splus27.ContainerProps{{
			Name:      jsii.String("migrate"),
			Image:     jsii.String("registry.acme.example/payments-migrate:3.1.0@sha256:6f1d3a9c0b7e4d2f8a5c1e9b3d7f0a2c4e6b8d0f1a3c5e7b9d1f3a5c7e9b1d3f"),
			Resources: small(),
		}},
		Containers: &[]*cdk8splus27.ContainerProps{{
			Name:      jsii.String("api"),
			Image:     jsii.String("registry.acme.example/payments-api:3.1.0@sha256:0a2c4e6b8d0f1a3c5e7b9d1f3a5c7e9b1d3f6f1d3a9c0b7e4d2f8a5c1e9b3d7f"),
			Ports:     &[]*cdk8splus27.ContainerPort{port(8443, "https")},
			Readiness: httpsProbe("/readyz"),
			Liveness:  httpsProbe("/livez"),
			Resources: small(),
		}},
	})

	// --- data ---
	c.OrdersDb = cdk8shardening.NewHardenedStatefulSet(chart, jsii.String("orders-db"), &cdk8shardening.HardenedStatefulSetProps{
		Metadata: meta("orders-db", data),
		Replicas: jsii.Number(1),
		// the postgres user of the official alpine image
		RunAsUser:     jsii.Number(70),
		RunAsGroup:    jsii.Number(70),
		WritablePaths: jsii.Strings("/var/run/postgresql", "/tmp"),
		VolumeClaimTemplates: &[]*cdk8shardening.VolumeClaimTemplateOptions{{
			Name: jsii.String("pgdata"), Storage: cdk8s.Size_Gibibytes(jsii.Number(20)), MountPath: jsii.String("/var/lib/postgresql/data"),
		}},
		Containers: &[]*cdk8splus27.ContainerProps{{
			Name:         jsii.String("postgres"),
			Image:        jsii.String("postgres:16.4-alpine3.20"),
			Ports:        &[]*cdk8splus27.ContainerPort{port(5432, "postgres")},
			Readiness:    cdk8splus27.Probe_FromCommand(jsii.Strings("pg_isready", "-U", "postgres"), nil),
			Liveness:     tcpSocketProbe(5432),
			EnvVariables: &map[string]cdk8splus27.EnvValue{"PGDATA": cdk8splus27.EnvValue_FromValue(jsii.String("/var/lib/postgresql/data/pgdata"))},
			Resources:    small(),
		}},
	})

	// The governing Service gives the queue's pods stable names for the cluster routes.
	queueRoutes := cdk8splus27.NewService(chart, jsii.String("queue-routes"), &cdk8splus27.ServiceProps{
		Metadata:  meta("queue-routes", data),
		ClusterIP: jsii.String("None"),
		Ports:     &[]*cdk8splus27.ServicePort{{Port: jsii.Number(6222), Name: jsii.String("cluster")}},
	})
	routes := make([]string, 3)
	for i := range routes {
		routes[i] = fmt.Sprintf("nats://queue-%d.queue-routes:6222", i)
	}
	c.Queue = cdk8shardening.NewHardenedStatefulSet(chart, jsii.String("queue"), &cdk8shardening.HardenedStatefulSetProps{
		Metadata: meta("queue", data),
		Service:  queueRoutes,
		Replicas: jsii.Number(3),
		VolumeClaimTemplates: &[]*cdk8shardening.VolumeClaimTemplateOptions{{
			Name: jsii.String("jetstream"), Storage: cdk8s.Size_Gibibytes(jsii.Number(5)), MountPath: jsii.String("/data"),
		}},
		Containers: &[]*cdk8splus27.ContainerProps{{
			Name:  jsii.String("nats"),
			Image: jsii.String("nats:2.10.22-alpine3.20"),
			Args: jsii.Strings("--jetstream", "--store_dir=/data", "--cluster_name=orders",
				"--cluster=nats://0.0.0.0:6222", "--http_port=8222", "--routes="+strings.Join(routes, ",")),
			Ports:     &[]*cdk8splus27.ContainerPort{port(4222, "client"), port(6222, "cluster"), port(8222, "monitor")},
			Readiness: cdk8splus27.Probe_FromHttpGet(jsii.String("/healthz?js-enabled-only=true"), &cdk8splus27.HttpGetProbeOptions{Port: jsii.Number(8222)}),
			Liveness:  tcpSocketProbe(4222),
			Resources: small(),
		}},
	})

	c.OrderWorker = cdk8shardening.NewHardenedDeployment(chart, jsii.String("order-worker"), &cdk8shardening.HardenedDeploymentProps{
		Metadata: meta("order-worker", data),
		Replicas: jsii.Number(2),
		Containers: &[]*cdk8splus27.ContainerProps{{
			Name: jsii.String("worker"), Image: jsii.String("registry.acme.example/order-worker:1.6.3"), Resources: small(),
		}},
	})

	c.DbMigrate = cdk8shardening.NewHardenedJob(chart, jsii.String("db-migrate"), &cdk8shardening.HardenedJobProps{
		Metadata:         meta("db-migrate", data),
		BackoffLimit:     jsii.Number(2),
		TtlAfterFinished: cdk8s.Duration_Hours(jsii.Number(1)),
		Containers: &[]*cdk8splus27.ContainerProps{{
			Name: jsii.String("migrate"), Image: jsii.String("registry.acme.example/orders-migrate:2.14.0"), Resources: small(),
		}},
	})

	c.NightlyReport = cdk8shardening.NewHardenedCronJob(chart, jsii.String("nightly-report"), &cdk8shardening.HardenedCronJobProps{
		Metadata:      meta("nightly-report", data),
		Schedule:      cdk8s.Cron_Schedule(&cdk8s.CronOptions{Minute: jsii.String("30"), Hour: jsii.String("2")}),
		TimeZone:      jsii.String("Etc/UTC"),
		WritablePaths: jsii.Strings("/tmp"),
		Containers: &[]*cdk8splus27.ContainerProps{{
			Name: jsii.String("report"), Image: jsii.String("registry.acme.example/nightly-report:1.8.0"), Resources: small(),
		}},
	})

	// --- network paths ---
	// The ingress controller (installed by the platform team) reaches the front end.
	c.Web.ExposeToPeers(&cdk8shardening.ExposeToPeersOptions{
		Port: jsii.Number(80), TargetPort: jsii.Number(8080), ServiceName: jsii.String("web"),
		Peers: &[]cdk8shardening.Peer{cdk8shardening.Peer_InNamespace(jsii.String("ingress-nginx"), &cdk8shardening.NamespacePeerOptions{
			PodLabels:         &map[string]*string{"app.kubernetes.io/name": jsii.String("ingress-nginx")},
			DefinedOutsideApp: jsii.Bool(true),
		})},
	})
	c.Api.ExposeToPeers(&cdk8shardening.ExposeToPeersOptions{
		Port: jsii.Number(443), TargetPort: jsii.Number(8443), ServiceName: jsii.String("api"),
		Peers: &[]cdk8shardening.Peer{cdk8shardening.Peer_Workload(c.Web)},
	})
	c.PaymentsApi.ExposeToPeers(&cdk8shardening.ExposeToPeersOptions{
		Port: jsii.Number(443), TargetPort: jsii.Number(8443), ServiceName: jsii.String("payments-api"),
		Peers: &[]cdk8shardening.Peer{cdk8shardening.Peer_Workload(c.Api)},
	})
	c.PaymentsApi.AllowEgressTo(cdk8shardening.Peer_Cidr(jsii.String(paymentProviderCidr), nil), tcp(443))

	dbClients := []cdk8shardening.IHardenedWorkload{c.Api, c.PaymentsApi, c.OrderWorker, c.DbMigrate, c.NightlyReport}
	dbPeers := make([]cdk8shardening.Peer, len(dbClients))
	for i, w := range dbClients {
		dbPeers[i] = cdk8shardening.Peer_Workload(w)
	}
	c.OrdersDb.ExposeToPeers(&cdk8shardening.ExposeToPeersOptions{Port: jsii.Number(5432), ServiceName: jsii.String("orders-db"), Peers: &dbPeers})
	c.Queue.ExposeToPeers(&cdk8shardening.ExposeToPeersOptions{
		Port: jsii.Number(4222), ServiceName: jsii.String("queue"),
		Peers: &[]cdk8shardening.Peer{cdk8shardening.Peer_Workload(c.Api), cdk8shardening.Peer_Workload(c.OrderWorker)},
	})
	// JetStream cluster routes between the queue's own pods.
	c.Queue.AllowIngressFrom(cdk8shardening.Peer_Workload(c.Queue), &cdk8shardening.AllowTrafficOptions{
		Ports: &[]cdk8shardening.PolicyPort{cdk8shardening.PolicyPort_Named(jsii.String("cluster"), "")},
	})

	c.NightlyReport.AllowEgressTo(cdk8shardening.Peer_Cidr(jsii.String(reportBucketCidr), nil), tcp(443))

	// --- people and pipelines ---
	namespaces := []cdk8shardening.HardenedNamespace{storefront, payments, data}
	tenants := make([]*cdk8shardening.TenantAccessOptions, len(namespaces))
	for i, ns := range namespaces {
		name := *ns.NamespaceName()
		tenants[i] = &cdk8shardening.TenantAccessOptions{
			Name:       jsii.String(name),
			Deployers:  &[]cdk8shardening.Subject{cdk8shardening.Subject_Group(jsii.String(name + "-ci"))},
			Developers: &[]cdk8shardening.Subject{cdk8shardening.Subject_Group(jsii.String(name + "-devs"))},
		}
	}
	c.Rbac = cdk8shardening.NewSeparatedRbac(chart, jsii.String("rbac"), &cdk8shardening.SeparatedRbacProps{
		ClusterAdmins:          &[]cdk8shardening.Subject{cdk8shardening.Subject_Group(jsii.String("k8s-admins"))},
		InfrastructureManagers: &[]cdk8shardening.Subject{cdk8shardening.Subject_Group(jsii.String("platform-ops"))},
		Auditors:               &[]cdk8shardening.Subject{cdk8shardening.Subject_Group(jsii.String("security-audit"))},
		Tenants:                &tenants,
	})
	cdk8shardening.NewAdmissionGuardrails(chart, jsii.String("admission"), &cdk8shardening.AdmissionGuardrailsProps{
		AllowedRegistries: jsii.Strings("registry.acme.example", "docker.io"),
		RuleValidationActions: &[]*cdk8shardening.RuleValidationActions{{
			RuleId: jsii.String("CredentialsInConfig"), Actions: cdk8shardening.ValidationActions_WARN_AND_AUDIT(),
		}},
		Exemptions: &[]*cdk8shardening.NamespaceExemption{
			{NamespaceName: jsii.String("kube-system"), Reason: jsii.String("control-plane add-ons are installed and patched by the cloud provider (PLAT-7)")},
			{NamespaceName: jsii.String("ingress-nginx"), Reason: jsii.String("vendor chart, runs as the ingress controller with its own review (SEC-88)")},
		},
	})
	cdk8shardening.NewImageSignaturePolicy(chart, jsii.String("signed-images"), &cdk8shardening.ImageSignaturePolicyProps{
		Images: jsii.Strings("registry.acme.example/**", "index.docker.io/library/*", "index.docker.io/nginxinc/*"),
		KeylessSigners: &[]*cdk8shardening.KeylessSigner{{
			Issuer:  jsii.String("https://token.actions.githubusercontent.com"),
			Subject: jsii.String("https://github.com/acme/shop/.github/workflows/release.yml@refs/heads/main"),
		}},
		PublicKeys: jsii.Strings(platformSigningKey),
		Namespaces: &namespaces,
	})
	return c
}

// NewExampleControlPlane adds the control plane, built with kubeadm: a chart of its own
// (control-plane.k8s.yaml).
func NewExampleControlPlane(scope constructs.Construct) cdk8shardening.HardenedControlPlane {
	return cdk8shardening.NewHardenedControlPlane(scope, jsii.String("control-plane"), &cdk8shardening.HardenedControlPlaneProps{
		KubernetesVersion:    jsii.String("v1.33.2"),
		ClusterName:          jsii.String("shop"),
		ControlPlaneEndpoint: jsii.String("k8s-api.acme.example:6443"),
		PodSubnet:            jsii.String("10.244.0.0/16"),
		Kms:                  &cdk8shardening.KmsPluginOptions{Name: jsii.String("vault"), Endpoint: jsii.String("unix:///var/run/vault-kms/socket.sock")},
		AuditRules: &[]*cdk8shardening.AuditPolicyRule{{
			Level: cdk8shardening.AuditLevel_NONE(),
			Users: jsii.Strings("system:serviceaccount:monitoring:prometheus"),
			Verbs: jsii.Strings("get", "list", "watch"),
		}},
	})
}

// SynthExample synthesizes the example cluster into outdir, checked at synth against packs.
func SynthExample(outdir string, packs []cdk8shardening.CompliancePack) cdk8s.App {
	app := cdk8s.NewApp(&cdk8s.AppProps{Outdir: jsii.String(outdir), OutputFileExtension: jsii.String(".k8s.yaml")})
	NewExampleCluster(app, "cluster")
	NewExampleControlPlane(app)
	cdk8shardening.Compliance_Of(app).Enable(&cdk8shardening.ComplianceOptions{Packs: &packs})
	app.Synth()
	return app
}
