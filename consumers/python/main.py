"""The example cluster, a refused input and the team's own rule, from Python.

    python main.py synth OUTDIR   synthesize the example cluster (every pack and the team's) to OUTDIR
    python main.py invalid        a `latest` image: prints the library's error
    python main.py team-rule      a one-replica Deployment: the team's rule fails the synthesis
"""
import sys
import tempfile
import typing

import jsii
from cdk8s import ApiObjectMetadata, App, Chart
import cdk8s_plus_27 as kplus

from cdk8s_hardening import (
    Compliance,
    CompliancePack,
    CustomPackRule,
    HardenedDeployment,
    IComplianceRule,
    RuleObjects,
    RuleVerdict,
    RuleViolation,
    Severity,
)

from cluster import synth_example


@jsii.implements(IComplianceRule)
class MinReplicas:
    """The team's availability rule: a Deployment runs at least two pods."""

    def __init__(self) -> None:
        self.judged: typing.List[str] = []

    @property
    def id(self) -> str:
        return "MinReplicas"

    @property
    def title(self) -> str:
        return "a Deployment runs at least two replicas"

    @property
    def fix(self) -> str:
        return "set replicas: 2 or more"

    @property
    def help_uri(self) -> typing.Optional[str]:
        return None

    def check(self, manifest: typing.Mapping[str, typing.Any], objects: RuleObjects) -> RuleVerdict:
        if manifest.get("kind") != "Deployment":
            return RuleVerdict.not_applicable()
        self.judged.append(manifest["metadata"]["name"])
        replicas = manifest.get("spec", {}).get("replicas", 1)
        if replicas >= 2:
            return RuleVerdict.compliant()
        return RuleVerdict.non_compliant([RuleViolation(
            path="spec.replicas",
            message=f"{replicas} replica: one node's drain takes the service down",
        )])


def team_pack(rule: MinReplicas) -> CompliancePack:
    """The team's pack: its own rule and every built-in pack."""
    return CompliancePack.custom(
        name="acme-availability",
        title="ACME availability rules",
        rules=[CustomPackRule(rule=rule, severity=Severity.ERROR)],
        include=CompliancePack.all(),
    )


def main(argv: typing.List[str]) -> int:
    mode = argv[1] if len(argv) > 1 else ""
    rule = MinReplicas()
    if mode == "synth":
        synth_example(argv[2], packs=[team_pack(rule)])
        # the engine asks about each object more than once (the app, then each chart it writes)
        print(f"MinReplicas judged the Deployments {', '.join(sorted(set(rule.judged)))}")
        return 0
    if mode == "invalid":
        chart = Chart(App(), "cluster")
        try:
            HardenedDeployment(chart, "web", containers=[kplus.ContainerProps(image="nginx:latest")])
        except Exception as e:  # the library's error crosses as the jsii runtime's exception
            print(f"{type(e).__name__}: {e}")
            return 0
        print("no error for a latest image", file=sys.stderr)
        return 1
    if mode == "team-rule":
        app = App(outdir=tempfile.mkdtemp())
        chart = Chart(app, "cluster")
        HardenedDeployment(
            chart, "web",
            metadata=ApiObjectMetadata(name="web", namespace="storefront"),
            replicas=1,
            containers=[kplus.ContainerProps(image="registry.acme.example/web:1.4.2")],
        )
        Compliance.of(app).enable(packs=[team_pack(rule)])
        try:
            app.synth()
        except Exception as e:
            print(f"{type(e).__name__}: {e}")
            return 0
        print("the team's rule did not fail the synthesis", file=sys.stderr)
        return 1
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
