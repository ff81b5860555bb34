"""The example cluster (examples/main.ts) as a Python team writes it with cdk8s-hardening."""
from cdk8s import ApiObjectMetadata, App, Chart, Cron, Duration, Size
import cdk8s_plus_27 as kplus
from constructs import Construct

from cdk8s_hardening import (
    AdmissionGuardrails,
    AllowTrafficOptions,
    AuditLevel,
    AuditPolicyRule,
    Compliance,
    ExposeToPeersOptions,
    HardenedControlPlane,
    HardenedCronJob,
    HardenedDeployment,
    HardenedJob,
    HardenedNamespace,
    HardenedStatefulSet,
    ImageSignaturePolicy,
    KeylessSigner,
    KmsPluginOptions,
    NamespaceExemption,
    NamespacePeerOptions,
    Peer,
    PolicyPort,
    RuleValidationActions,
    SeparatedRbac,
    Subject,
    TenantAccessOptions,
    ValidationActions,
    VolumeClaimTemplateOptions,
)

# Small, explicit resources: the namespace quota must fit every replica's limits.
SMALL = kplus.ContainerResources(
    cpu=kplus.CpuResources(request=kplus.Cpu.millis(100), limit=kplus.Cpu.millis(500)),
    memory=kplus.MemoryResources(request=Size.mebibytes(128), limit=Size.mebibytes(256)),
)

# The payment provider's API and the report bucket (documentation ranges).
PAYMENT_PROVIDER_CIDR = "203.0.113.0/24"
REPORT_BUCKET_CIDR = "198.51.100.0/24"

# The key the platform team signs the upstream images with (`cosign public-key`).
PLATFORM_SIGNING_KEY = """-----BEGIN PUBLIC KEY-----
MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEEK/qXYwEDpdtiyZnExnu4Mzv7djp
GYO7mz/r//uKw0khUh35V0MYE+S4kPCk539wHaH3+mLSce9B4YEbHOeZ8Q==
-----END PUBLIC KEY-----"""


def https_probe(path: str) -> kplus.Probe:
    return kplus.Probe.from_http_get(path, port=8443, scheme=kplus.ConnectionScheme.HTTPS)


class ExampleCluster(Chart):
    """The shop: storefront, payments and data namespaces, with exactly the network paths it needs."""

    def __init__(self, scope: Construct, id: str) -> None:
        super().__init__(scope, id)

        storefront = HardenedNamespace(self, "storefront", name="storefront")
        payments = HardenedNamespace(self, "payments", name="payments")
        data = HardenedNamespace(self, "data", name="data")

        # --- storefront ---
        self.web = HardenedDeployment(
            self, "web",
            metadata=ApiObjectMetadata(name="web", namespace=storefront.namespace_name),
            replicas=3,
            writable_paths=["/tmp", "/var/cache/nginx"],
            containers=[kplus.ContainerProps(
                name="nginx",
                image="nginxinc/nginx-unprivileged:1.27.3-alpine",
                ports=[kplus.ContainerPort(number=8080, name="http")],
                readiness=kplus.Probe.from_http_get("/", port=8080),
                liveness=kplus.Probe.from_tcp_socket(port=8080),
                resources=SMALL,
            )],
        )

        self.api = HardenedDeployment(
            self, "api",
            metadata=ApiObjectMetadata(name="api", namespace=storefront.namespace_name),
            replicas=2,
            writable_paths=["/tmp"],
            containers=[kplus.ContainerProps(
                name="api",
                image="registry.acme.example/storefront-api:2.14.0",
                ports=[kplus.ContainerPort(number=8443, name="https")],
                readiness=https_probe("/readyz"),
                liveness=https_probe("/livez"),
                resources=SMALL,
            )],
        )

        # --- payments ---
        self.payments_api = HardenedDeployment(
            self, "payments-api",
            metadata=ApiObjectMetadata(name="payments-api", namespace=payments.namespace_name),
            replicas=2,
            require_image_digest=True,
            init_containers=[kplus.ContainerProps(
                name="migrate",
                image="registry.acme.example/payments-migrate:3.1.0@sha256:6f1d3a9c0b7e4d2f8a5c1e9b3d7f0a2c4e6b8d0f1a3c5e7b9d1f3a5c7e9b1d3f",
                resources=SMALL,
            )],
            containers=[kplus.ContainerProps(
                name="api",
                image="registry.acme.example/payments-api:3.1.0@sha256:0a2c4e6b8d0f1a3c5e7b9d1f3a5c7e9b1d3f6f1d3a9c0b7e4d2f8a5c1e9b3d7f",
                ports=[kplus.ContainerPort(number=8443, name="https")],
                readiness=https_probe("/readyz"),
                liveness=https_probe("/livez"),
                resources=SMALL,
            )],
        )

        # --- data ---
        self.orders_db = HardenedStatefulSet(
            self, "orders-db",
            metadata=ApiObjectMetadata(name="orders-db", namespace=data.namespace_name),
            replicas=1,
            # the postgres user of the official alpine image
            run_as_user=70,
            run_as_group=70,
            writable_paths=["/var/run/postgresql", "/tmp"],
            volume_claim_templates=[VolumeClaimTemplateOptions(
                name="pgdata", storage=Size.gibibytes(20), mount_path="/var/lib/postgresql/data")],
            containers=[kplus.ContainerProps(
                name="postgres",
                image="postgres:16.4-alpine3.20",
                ports=[kplus.ContainerPort(number=5432, name="postgres")],
                readiness=kplus.Probe.from_command(["pg_isready", "-U", "postgres"]),
                liveness=kplus.Probe.from_tcp_socket(port=5432),
                env_variables={"PGDATA": kplus.EnvValue.from_value("/var/lib/postgresql/data/pgdata")},
                resources=SMALL,
            )],
        )

        # The governing Service gives the queue's pods stable names for the cluster routes.
        queue_routes = kplus.Service(
            self, "queue-routes",
            metadata=ApiObjectMetadata(name="queue-routes", namespace=data.namespace_name),
            cluster_ip="None",
            ports=[kplus.ServicePort(port=6222, name="cluster")],
        )
        routes = ",".join(f"nats://queue-{i}.queue-routes:6222" for i in range(3))
        self.queue = HardenedStatefulSet(
            self, "queue",
            metadata=ApiObjectMetadata(name="queue", namespace=data.namespace_name),
            service=queue_routes,
            replicas=3,
            volume_claim_templates=[VolumeClaimTemplateOptions(
                name="jetstream", storage=Size.gibibytes(5), mount_path="/data")],
            containers=[kplus.ContainerProps(
                name="nats",
                image="nats:2.10.22-alpine3.20",
                args=["--jetstream", "--store_dir=/data", "--cluster_name=orders",
                      "--cluster=nats://0.0.0.0:6222", "--http_port=8222", f"--routes={routes}"],
                ports=[kplus.ContainerPort(number=4222, name="client"),
                       kplus.ContainerPort(number=6222, name="cluster"),
                       kplus.ContainerPort(number=8222, name="monitor")],
                readiness=kplus.Probe.from_http_get("/healthz?js-enabled-only=true", port=8222),
                liveness=kplus.Probe.from_tcp_socket(port=4222),
                resources=SMALL,
            )],
        )

        self.order_worker = HardenedDeployment(
            self, "order-worker",
            metadata=ApiObjectMetadata(name="order-worker", namespace=data.namespace_name),
            replicas=2,
            containers=[kplus.ContainerProps(
                name="worker", image="registry.acme.example/order-worker:1.6.3", resources=SMALL)],
        )

        self.db_migrate = HardenedJob(
            self, "db-migrate",
            metadata=ApiObjectMetadata(name="db-migrate", namespace=data.namespace_name),
            backoff_limit=2,
            ttl_after_finished=Duration.hours(1),
            containers=[kplus.ContainerProps(
                name="migrate", image="registry.acme.example/orders-migrate:2.14.0", resources=SMALL)],
        )

        self.nightly_report = HardenedCronJob(
            self, "nightly-report",
            metadata=ApiObjectMetadata(name="nightly-report", namespace=data.namespace_name),
            schedule=Cron.schedule(minute="30", hour="2"),
            time_zone="Etc/UTC",
            writable_paths=["/tmp"],
            containers=[kplus.ContainerProps(
                name="report", image="registry.acme.example/nightly-report:1.8.0", resources=SMALL)],
        )

        # --- network paths ---
        # The ingress controller (installed by the platform team) reaches the front end.
        self.web.expose_to_peers(
            port=80, target_port=8080, service_name="web",
            peers=[Peer.in_namespace("ingress-nginx", pod_labels={"app.kubernetes.io/name": "ingress-nginx"},
                                     defined_outside_app=True)],
        )
        self.api.expose_to_peers(port=443, target_port=8443, service_name="api", peers=[Peer.workload(self.web)])
        self.payments_api.expose_to_peers(
            port=443, target_port=8443, service_name="payments-api", peers=[Peer.workload(self.api)])
        self.payments_api.allow_egress_to(Peer.cidr(PAYMENT_PROVIDER_CIDR), ports=[PolicyPort.tcp(443)])

        self.orders_db.expose_to_peers(
            port=5432, service_name="orders-db",
            peers=[Peer.workload(w) for w in
                   (self.api, self.payments_api, self.order_worker, self.db_migrate, self.nightly_report)],
        )
        self.queue.expose_to_peers(
            port=4222, service_name="queue", peers=[Peer.workload(self.api), Peer.workload(self.order_worker)])
        # JetStream cluster routes between the queue's own pods.
        self.queue.allow_ingress_from(Peer.workload(self.queue), ports=[PolicyPort.named("cluster")])

        self.nightly_report.allow_egress_to(Peer.cidr(REPORT_BUCKET_CIDR), ports=[PolicyPort.tcp(443)])

        # --- people and pipelines ---
        tenants = [storefront, payments, data]
        self.rbac = SeparatedRbac(
            self, "rbac",
            cluster_admins=[Subject.group("k8s-admins")],
            infrastructure_managers=[Subject.group("platform-ops")],
            auditors=[Subject.group("security-audit")],
            tenants=[TenantAccessOptions(
                name=t.namespace_name,
                deployers=[Subject.group(f"{t.namespace_name}-ci")],
                developers=[Subject.group(f"{t.namespace_name}-devs")],
            ) for t in tenants],
        )
        AdmissionGuardrails(
            self, "admission",
            allowed_registries=["registry.acme.example", "docker.io"],
            rule_validation_actions=[RuleValidationActions(
                rule_id="CredentialsInConfig", actions=ValidationActions.WARN_AND_AUDIT)],
            exemptions=[
                NamespaceExemption(namespace_name="kube-system",
                                   reason="control-plane add-ons are installed and patched by the cloud provider (PLAT-7)"),
                NamespaceExemption(namespace_name="ingress-nginx",
                                   reason="vendor chart, runs as the ingress controller with its own review (SEC-88)"),
            ],
        )
        ImageSignaturePolicy(
            self, "signed-images",
            images=["registry.acme.example/**", "index.docker.io/library/*", "index.docker.io/nginxinc/*"],
            keyless_signers=[KeylessSigner(
                issuer="https://token.actions.githubusercontent.com",
                subject="https://github.com/acme/shop/.github/workflows/release.yml@refs/heads/main",
            )],
            public_keys=[PLATFORM_SIGNING_KEY],
            namespaces=tenants,
        )


def example_control_plane(scope: Construct) -> HardenedControlPlane:
    """The control plane, built with kubeadm: a chart of its own (control-plane.k8s.yaml)."""
    return HardenedControlPlane(
        scope, "control-plane",
        kubernetes_version="v1.33.2",
        cluster_name="shop",
        control_plane_endpoint="k8s-api.acme.example:6443",
        pod_subnet="10.244.0.0/16",
        kms=KmsPluginOptions(name="vault", endpoint="unix:///var/run/vault-kms/socket.sock"),
        audit_rules=[AuditPolicyRule(
            level=AuditLevel.NONE,
            users=["system:serviceaccount:monitoring:prometheus"],
            verbs=["get", "list", "watch"],
        )],
    )


def synth_example(outdir: str, packs=None) -> App:
    """Synthesizes the example cluster into `outdir`, every pack checked at synth (and `packs`, if given)."""
    app = App(outdir=outdir, output_file_extension=".k8s.yaml")
    ExampleCluster(app, "cluster")
    example_control_plane(app)
    if packs is None:
        Compliance.of(app).enable()
    else:
        Compliance.of(app).enable(packs=packs)
    app.synth()
    return app
