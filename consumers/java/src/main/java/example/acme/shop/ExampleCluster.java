package example.acme.shop;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import org.cdk8s.ApiObjectMetadata;
import org.cdk8s.App;
import org.cdk8s.AppProps;
import org.cdk8s.Chart;
import org.cdk8s.Cron;
import org.cdk8s.CronOptions;
import org.cdk8s.Duration;
import org.cdk8s.Size;
import org.cdk8s.hardening.AdmissionGuardrails;
import org.cdk8s.hardening.AllowTrafficOptions;
import org.cdk8s.hardening.AuditLevel;
import org.cdk8s.hardening.AuditPolicyRule;
import org.cdk8s.hardening.Compliance;
import org.cdk8s.hardening.ComplianceOptions;
import org.cdk8s.hardening.CompliancePack;
import org.cdk8s.hardening.ExposeToPeersOptions;
import org.cdk8s.hardening.HardenedControlPlane;
import org.cdk8s.hardening.HardenedCronJob;
import org.cdk8s.hardening.HardenedDeployment;
import org.cdk8s.hardening.HardenedJob;
import org.cdk8s.hardening.HardenedNamespace;
import org.cdk8s.hardening.HardenedStatefulSet;
import org.cdk8s.hardening.ImageSignaturePolicy;
import org.cdk8s.hardening.KeylessSigner;
import org.cdk8s.hardening.KmsPluginOptions;
import org.cdk8s.hardening.NamespaceExemption;
import org.cdk8s.hardening.NamespacePeerOptions;
import org.cdk8s.hardening.Peer;
import org.cdk8s.hardening.PolicyPort;
import org.cdk8s.hardening.RuleValidationActions;
import org.cdk8s.hardening.SeparatedRbac;
import org.cdk8s.hardening.Subject;
import org.cdk8s.hardening.TenantAccessOptions;
import org.cdk8s.hardening.ValidationActions;
import org.cdk8s.hardening.VolumeClaimTemplateOptions;
import org.cdk8s.plus27.ConnectionScheme;
import org.cdk8s.plus27.ContainerPort;
import org.cdk8s.plus27.ContainerProps;
import org.cdk8s.plus27.ContainerResources;
import org.cdk8s.plus27.Cpu;
import org.cdk8s.plus27.CpuResources;
import org.cdk8s.plus27.EnvValue;
import org.cdk8s.plus27.HttpGetProbeOptions;
import org.cdk8s.plus27.MemoryResources;
import org.cdk8s.plus27.Probe;
import org.cdk8s.plus27.Service;
import org.cdk8s.plus27.ServicePort;
import org.cdk8s.plus27.TcpSocketProbeOptions;
import software.constructs.Construct;

/**
 * The example cluster (examples/main.ts) as a Java team writes it with cdk8s-hardening: the shop
 * in three namespaces (storefront, payments, data), with exactly the network paths it needs.
 */
public class ExampleCluster extends Chart {
    /** Small, explicit resources: the namespace quota must fit every replica's limits. */
    static final ContainerResources SMALL = ContainerResources.builder()
            .cpu(CpuResources.builder().request(Cpu.millis(100)).limit(Cpu.millis(500)).build())
            .memory(MemoryResources.builder().request(Size.mebibytes(128)).limit(Size.mebibytes(256)).build())
            .build();

    /** The payment provider's API and the report bucket (documentation ranges). */
    static final String PAYMENT_PROVIDER_CIDR = "203.0.113.0/24";
    static final String REPORT_BUCKET_CIDR = "198.51.100.0/24";

    /** The key the platform team signs the upstream images with (`cosign public-key`). */
    static final String PLATFORM_SIGNING_KEY = String.join("\n",
            "-----BEGIN PUBLIC KEY-----",
            "MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEEK/qXYwEDpdtiyZnExnu4Mzv7djp",
            "GYO7mz/r//uKw0khUh35V0MYE+S4kPCk539wHaH3+mLSce9B4YEbHOeZ8Q==",
            "-----END PUBLIC KEY-----");

    public final HardenedDeployment web;
    public final HardenedDeployment api;
    public final HardenedDeployment paymentsApi;
    public final HardenedStatefulSet ordersDb;
    public final HardenedStatefulSet queue;
    public final HardenedDeployment orderWorker;
    public final HardenedJob dbMigrate;
    public final HardenedCronJob nightlyReport;
    public final SeparatedRbac rbac;

    private static ApiObjectMetadata meta(String name, HardenedNamespace namespace) {
        return ApiObjectMetadata.builder().name(name).namespace(namespace.getNamespaceName()).build();
    }

    private static Probe httpsProbe(String path) {
        return Probe.fromHttpGet(path, HttpGetProbeOptions.builder().port(8443).scheme(ConnectionScheme.HTTPS).build());
    }

    private static ContainerPort port(int number, String name) {
        return ContainerPort.builder().number(number).name(name).build();
    }

    public ExampleCluster(Construct scope, String id) {
        super(scope, id);

        HardenedNamespace storefront = HardenedNamespace.Builder.create(this, "storefront").name("storefront").build();
        HardenedNamespace payments = HardenedNamespace.Builder.create(this, "payments").name("payments").build();
        HardenedNamespace data = HardenedNamespace.Builder.create(this, "data").name("data").build();

        // --- storefront ---
        web = HardenedDeployment.Builder.create(this, "web")
                .metadata(meta("web", storefront))
                .replicas(3)
                .writablePaths(List.of("/tmp", "/var/cache/nginx"))
                .containers(List.of(ContainerProps.builder()
                        .name("nginx")
                        .image("nginxinc/nginx-unprivileged:1.27.3-alpine")
                        .ports(List.of(port(8080, "http")))
                        .readiness(Probe.fromHttpGet("/", HttpGetProbeOptions.builder().port(8080).build()))
                        .liveness(Probe.fromTcpSocket(TcpSocketProbeOptions.builder().port(8080).build()))
                        .resources(SMALL)
                        .build()))
                .build();

        api = HardenedDeployment.Builder.create(this, "api")
                .metadata(meta("api", storefront))
                .replicas(2)
                .writablePaths(List.of("/tmp"))
                .containers(List.of(ContainerProps.builder()
                        .name("api")
                        .image("registry.acme.example/storefront-api:2.14.0")
                        .ports(List.of(port(8443, "https")))
                        .readiness(httpsProbe("/readyz"))
                        .liveness(httpsProbe("/livez"))
                        .resources(SMALL)
                        .build()))
                .build();

        // --- payments ---
        paymentsApi = HardenedDeployment.Builder.create(this, "payments-api")
                .metadata(meta("payments-api", payments))
                .replicas(2)
                .requireImageDigest(true)
                .initContainers(List.of(ContainerProps.builder()
                        .name("migrate")
                        .image("registry.acme.example/payments-migrate:3.1.0@sha256:6f1d3a9c0b7e4d2f8a5c1e9b3d7f0a2c4e6b8d0f1a3c5e7b9d1f3a5c7e9b1d3f")
                        .resources(SMALL)
                        .build()))
                .containers(List.of(ContainerProps.builder()
                        .name("api")
                        .image("registry.acme.example/payments-api:3.1.0@sha256:0a2c4e6b8d0f1a3c5e7b9d1f3a5c7e9b1d3f6f1d3a9c0b7e4d2f8a5c1e9b3d7f")
                        .ports(List.of(port(8443, "https")))
                        .readiness(httpsProbe("/readyz"))
                        .liveness(httpsProbe("/livez"))
                        .resources(SMALL)
                        .build()))
                .build();

        // --- data ---
        ordersDb = HardenedStatefulSet.Builder.create(this, "orders-db")
                .metadata(meta("orders-db", data))
                .replicas(1)
                // the postgres user of the official alpine image
                .runAsUser(70)
                .runAsGroup(70)
                .writablePaths(List.of("/var/run/postgresql", "/tmp"))
                .volumeClaimTemplates(List.of(VolumeClaimTemplateOptions.builder()
                        .name("pgdata").storage(Size.gibibytes(20)).mountPath("/var/lib/postgresql/data").build()))
                .containers(List.of(ContainerProps.builder()
                        .name("postgres")
                        .image("postgres:16.4-alpine3.20")
                        .ports(List.of(port(5432, "postgres")))
                        .readiness(Probe.fromCommand(List.of("pg_isready", "-U", "postgres")))
                        .liveness(Probe.fromTcpSocket(TcpSocketProbeOptions.builder().port(5432).build()))
                        .envVariables(Map.of("PGDATA", EnvValue.fromValue("/var/lib/postgresql/data/pgdata")))
                        .resources(SMALL)
                        .build()))
                .build();

        // The governing Service gives the queue's pods stable names for the cluster routes.
        Service queueRoutes = Service.Builder.create(this, "queue-routes")
                .metadata(meta("queue-routes", data))
                .clusterIp("None")
                .ports(List.of(ServicePort.builder().port(6222).name("cluster").build()))
                .build();
        String routes = IntStream.range(0, 3)
                .mapToObj(i -> "nats://queue-" + i + ".queue-routes:6222")
                .collect(Collectors.joining(","));
        queue = HardenedStatefulSet.Builder.create(this, "queue")
                .metadata(meta("queue", data))
                .service(queueRoutes)
                .replicas(3)
                .volumeClaimTemplates(List.of(VolumeClaimTemplateOptions.builder()
                        .name("jetstream").storage(Size.gibibytes(5)).mountPath("/data").build()))
                .containers(List.of(ContainerProps.builder()
                        .name("nats")
                        .image("nats:2.10.22-alpine3.20")
                        .args(List.of("--jetstream", "--store_dir=/data", "--cluster_name=orders",
                                "--cluster=nats://0.0.0.0:6222", "--http_port=8222", "--routes=" + routes))
                        .ports(List.of(port(4222, "client"), port(6222, "cluster"), port(8222, "monitor")))
                        .readiness(Probe.fromHttpGet("/healthz?js-enabled-only=true", HttpGetProbeOptions.builder().port(8222).build()))
                        .liveness(Probe.fromTcpSocket(TcpSocketProbeOptions.builder().port(4222).build()))
                        .resources(SMALL)
                        .build()))
                .build();

        orderWorker = HardenedDeployment.Builder.create(this, "order-worker")
                .metadata(meta("order-worker", data))
                .replicas(2)
                .containers(List.of(ContainerProps.builder()
                        .name("worker").image("registry.acme.example/order-worker:1.6.3").resources(SMALL).build()))
                .build();

        dbMigrate = HardenedJob.Builder.create(this, "db-migrate")
                .metadata(meta("db-migrate", data))
                .backoffLimit(2)
                .ttlAfterFinished(Duration.hours(1))
                .containers(List.of(ContainerProps.builder()
                        .name("migrate").image("registry.acme.example/orders-migrate:2.14.0").resources(SMALL).build()))
                .build();

        nightlyReport = HardenedCronJob.Builder.create(this, "nightly-report")
                .metadata(meta("nightly-report", data))
                .schedule(Cron.schedule(CronOptions.builder().minute("30").hour("2").build()))
                .timeZone("Etc/UTC")
                .writablePaths(List.of("/tmp"))
                .containers(List.of(ContainerProps.builder()
                        .name("report").image("registry.acme.example/nightly-report:1.8.0").resources(SMALL).build()))
                .build();

        // --- network paths ---
        // The ingress controller (installed by the platform team) reaches the front end.
        web.exposeToPeers(ExposeToPeersOptions.builder()
                .port(80).targetPort(8080).serviceName("web")
                .peers(List.of(Peer.inNamespace("ingress-nginx", NamespacePeerOptions.builder()
                        .podLabels(Map.of("app.kubernetes.io/name", "ingress-nginx"))
                        .definedOutsideApp(true)
                        .build())))
                .build());
        api.exposeToPeers(ExposeToPeersOptions.builder()
                .port(443).targetPort(8443).serviceName("api").peers(List.of(Peer.workload(web))).build());
        paymentsApi.exposeToPeers(ExposeToPeersOptions.builder()
                .port(443).targetPort(8443).serviceName("payments-api").peers(List.of(Peer.workload(api))).build());
        paymentsApi.allowEgressTo(Peer.cidr(PAYMENT_PROVIDER_CIDR), tcp(443));

        ordersDb.exposeToPeers(ExposeToPeersOptions.builder()
                .port(5432).serviceName("orders-db")
                .peers(Stream.of(api, paymentsApi, orderWorker, dbMigrate, nightlyReport).map(Peer::workload).collect(Collectors.toList()))
                .build());
        queue.exposeToPeers(ExposeToPeersOptions.builder()
                .port(4222).serviceName("queue").peers(List.of(Peer.workload(api), Peer.workload(orderWorker))).build());
        // JetStream cluster routes between the queue's own pods.
        queue.allowIngressFrom(Peer.workload(queue), AllowTrafficOptions.builder().ports(List.of(PolicyPort.named("cluster"))).build());

        nightlyReport.allowEgressTo(Peer.cidr(REPORT_BUCKET_CIDR), tcp(443));

        // --- people and pipelines ---
        List<HardenedNamespace> tenants = List.of(storefront, payments, data);
        rbac = SeparatedRbac.Builder.create(this, "rbac")
                .clusterAdmins(List.of(Subject.group("k8s-admins")))
                .infrastructureManagers(List.of(Subject.group("platform-ops")))
                .auditors(List.of(Subject.group("security-audit")))
                .tenants(tenants.stream().map(HardenedNamespace::getNamespaceName).map(name -> TenantAccessOptions.builder()
                        .name(name)
                        .deployers(List.of(Subject.group(name + "-ci")))
                        .developers(List.of(Subject.group(name + "-devs")))
                        .build()).collect(Collectors.toList()))
                .build();
        AdmissionGuardrails.Builder.create(this, "admission")
                .allowedRegistries(List.of("registry.acme.example", "docker.io"))
                .ruleValidationActions(List.of(RuleValidationActions.builder()
                        .ruleId("CredentialsInConfig").actions(ValidationActions.WARN_AND_AUDIT).build()))
                .exemptions(List.of(
                        NamespaceExemption.builder().namespaceName("kube-system")
                                .reason("control-plane add-ons are installed and patched by the cloud provider (PLAT-7)").build(),
                        NamespaceExemption.builder().namespaceName("ingress-nginx")
                                .reason("vendor chart, runs as the ingress controller with its own review (SEC-88)").build()))
                .build();
        ImageSignaturePolicy.Builder.create(this, "signed-images")
                .images(List.of("registry.acme.example/**", "index.docker.io/library/*", "index.docker.io/nginxinc/*"))
                .keylessSigners(List.of(KeylessSigner.builder()
                        .issuer("https://token.actions.githubusercontent.com")
                        .subject("https://github.com/acme/shop/.github/workflows/release.yml@refs/heads/main")
                        .build()))
                .publicKeys(List.of(PLATFORM_SIGNING_KEY))
                .namespaces(tenants)
                .build();
    }

    private static AllowTrafficOptions tcp(int port) {
        return AllowTrafficOptions.builder().ports(List.of(PolicyPort.tcp(port))).build();
    }

    /** The control plane, built with kubeadm: a chart of its own (control-plane.k8s.yaml). */
    public static HardenedControlPlane exampleControlPlane(Construct scope) {
        return HardenedControlPlane.Builder.create(scope, "control-plane")
                .kubernetesVersion("v1.33.2")
                .clusterName("shop")
                .controlPlaneEndpoint("k8s-api.acme.example:6443")
                .podSubnet("10.244.0.0/16")
                .kms(KmsPluginOptions.builder().name("vault").endpoint("unix:///var/run/vault-kms/socket.sock").build())
                .auditRules(List.of(AuditPolicyRule.builder()
                        .level(AuditLevel.NONE)
                        .users(List.of("system:serviceaccount:monitoring:prometheus"))
                        .verbs(List.of("get", "list", "watch"))
                        .build()))
                .build();
    }

    /** Synthesizes the example cluster into `outdir`, checked at synth against `packs`. */
    public static App synthExample(String outdir, List<CompliancePack> packs) {
        App app = new App(AppProps.builder().outdir(outdir).outputFileExtension(".k8s.yaml").build());
        new ExampleCluster(app, "cluster");
        exampleControlPlane(app);
        Compliance.of(app).enable(ComplianceOptions.builder().packs(packs).build());
        app.synth();
        return app;
    }
}
