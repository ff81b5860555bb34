package example.acme.shop;

import java.nio.file.Files;
import java.util.List;
import java.util.stream.Collectors;

import org.cdk8s.ApiObjectMetadata;
import org.cdk8s.App;
import org.cdk8s.AppProps;
import org.cdk8s.Chart;
import org.cdk8s.hardening.Compliance;
import org.cdk8s.hardening.ComplianceOptions;
import org.cdk8s.hardening.CompliancePack;
import org.cdk8s.hardening.CustomPackProps;
import org.cdk8s.hardening.CustomPackRule;
import org.cdk8s.hardening.HardenedDeployment;
import org.cdk8s.hardening.Severity;
import org.cdk8s.plus27.ContainerProps;
import software.amazon.jsii.JsiiException;

/**
 * The example cluster, a refused input and the team's own rule, from Java.
 *
 * <pre>
 *   synth OUTDIR   synthesize the example cluster (every pack and the team's) to OUTDIR
 *   invalid        a `latest` image: prints the library's error
 *   team-rule      a one-replica Deployment: the team's rule fails the synthesis
 * </pre>
 */
public final class Main {
    private Main() {
    }

    /** The team's pack: its own rule and every built-in pack. */
    static CompliancePack teamPack(MinReplicas rule) {
        return CompliancePack.custom(CustomPackProps.builder()
                .name("acme-availability")
                .title("ACME availability rules")
                .rules(List.of(CustomPackRule.builder().rule(rule).severity(Severity.ERROR).build()))
                .include(CompliancePack.all())
                .build());
    }

    /**
     * The library's message: the jsii runtime appends the JavaScript stack to it (from a line
     * "Error: ..." or "    at ..." on).
     */
    static String message(RuntimeException e) {
        String[] lines = e.getMessage().split("\n", -1);
        StringBuilder out = new StringBuilder(lines[0]);
        for (int i = 1; i < lines.length; i++) {
            String line = lines[i];
            if (line.startsWith("Error: ") || line.startsWith("    at ") || line.startsWith("@jsii/kernel.")) {
                break;
            }
            out.append('\n').append(line);
        }
        return out.toString();
    }

    public static void main(String[] args) throws Exception {
        String mode = args.length > 0 ? args[0] : "";
        MinReplicas rule = new MinReplicas();
        switch (mode) {
            case "synth": {
                ExampleCluster.synthExample(args[1], List.of(teamPack(rule)));
                // the engine asks about each object more than once (the app, then each chart it writes)
                System.out.println("MinReplicas judged the Deployments "
                        + rule.judged.stream().distinct().sorted().collect(Collectors.joining(", ")));
                return;
            }
            case "invalid": {
                Chart chart = new Chart(new App(), "cluster");
                try {
                    HardenedDeployment.Builder.create(chart, "web")
                            .containers(List.of(ContainerProps.builder().image("nginx:latest").build()))
                            .build();
                } catch (JsiiException e) {
                    System.out.println(e.getClass().getName() + ": " + message(e));
                    return;
                }
                System.err.println("no error for a latest image");
                System.exit(1);
                return;
            }
            case "team-rule": {
                App app = new App(AppProps.builder().outdir(Files.createTempDirectory("team-rule").toString()).build());
                Chart chart = new Chart(app, "cluster");
                HardenedDeployment.Builder.create(chart, "web")
                        .metadata(ApiObjectMetadata.builder().name("web").namespace("storefront").build())
                        .replicas(1)
                        .containers(List.of(ContainerProps.builder().image("registry.acme.example/web:1.4.2").build()))
                        .build();
                Compliance.of(app).enable(ComplianceOptions.builder().packs(List.of(teamPack(rule))).build());
                try {
                    app.synth();
                } catch (RuntimeException e) {
                    // after a call back into Java (the rule), the jsii runtime raises a plain RuntimeException
                    System.out.println(e.getClass().getName() + ": " + message(e));
                    return;
                }
                System.err.println("the team's rule did not fail the synthesis");
                System.exit(1);
                return;
            }
            default:
                System.err.println("usage: synth OUTDIR | invalid | team-rule");
                System.exit(2);
        }
    }
}
