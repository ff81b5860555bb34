package example.acme.shop;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.cdk8s.hardening.IComplianceRule;
import org.cdk8s.hardening.RuleObjects;
import org.cdk8s.hardening.RuleVerdict;
import org.cdk8s.hardening.RuleViolation;

/** The team's availability rule: a Deployment runs at least two pods. */
public class MinReplicas implements IComplianceRule {
    /** The names of the Deployments judged, in the order the engine asked. */
    public final List<String> judged = new ArrayList<>();

    @Override
    public String getId() {
        return "MinReplicas";
    }

    @Override
    public String getTitle() {
        return "a Deployment runs at least two replicas";
    }

    @Override
    public String getFix() {
        return "set replicas: 2 or more";
    }

    @Override
    @SuppressWarnings("unchecked")
    public RuleVerdict check(Map<String, Object> manifest, RuleObjects objects) {
        if (!"Deployment".equals(manifest.get("kind"))) {
            return RuleVerdict.notApplicable();
        }
        Map<String, Object> metadata = (Map<String, Object>) manifest.get("metadata");
        judged.add((String) metadata.get("name"));
        Map<String, Object> spec = (Map<String, Object>) manifest.getOrDefault("spec", Map.of());
        int replicas = ((Number) spec.getOrDefault("replicas", 1)).intValue();
        if (replicas >= 2) {
            return RuleVerdict.compliant();
        }
        return RuleVerdict.nonCompliant(List.of(RuleViolation.builder()
                .path("spec.replicas")
                .message(replicas + " replica: one node's drain takes the service down")
                .build()));
    }
}
