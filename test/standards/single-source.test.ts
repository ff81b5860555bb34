// src/standards/ is the one source of standards knowledge: a leaf module that constructs and
// engine rules import, and the only place its facts are written down in code.
import * as fs from 'fs';
import * as path from 'path';

const SRC = path.join(__dirname, '../../src');

function files(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap(e => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? files(p) : p.endsWith('.ts') ? [p] : [];
  });
}

/** Code lines (comments and doc comments left out) of a file. */
function codeLines(file: string): Array<[number, string]> {
  return fs.readFileSync(file, 'utf8').split('\n')
    .map((line, i): [number, string] => [i + 1, line])
    .filter(([, line]) => !/^\s*(\/\/|\*|\/\*\*)/.test(line));
}

test('src/standards imports nothing but itself', () => {
  for (const file of files(path.join(SRC, 'standards'))) {
    const imports = [...fs.readFileSync(file, 'utf8').matchAll(/from '([^']+)'/g)].map(m => m[1]);
    expect({ file: path.relative(SRC, file), outside: imports.filter(i => !i.startsWith('./')) }).toEqual({ file: path.relative(SRC, file), outside: [] });
  }
});

test('standards facts are not written outside src/standards', () => {
  // literals that belong to one standard each; a second copy of any of them would drift
  const facts = [
    'pod-security.kubernetes.io/', 'cdk8s-hardening.io/', 'kubernetes.io/metadata.name', 'kernel.shm_rmid_forced',
    'net.ipv4.', 'system:anonymous', 'system:unauthenticated', 'system:authenticated', 'container_init_t',
    'seccomp.security.alpha.kubernetes.io', 'container.apparmor.security.beta.kubernetes.io', "'AUDIT_WRITE'",
    "'persistentVolumeClaim', 'projected'", "'kube-node-lease'", '[-a-z0-9]*[a-z0-9]',
    // control plane and nodes
    'TLS_ECDHE_', 'audit.k8s.io/', 'apiserver.config.k8s.io/', 'kubeadm.k8s.io/', 'kubelet.config.k8s.io/', "'kube-apiserver'", "'runsc'",
    'policy.sigstore.dev', 'kyverno.io/', 'system:serviceaccount:kube-system:', 'index.docker.io', 'admissionregistration.k8s.io/v1',
  ];
  const copies: string[] = [];
  for (const file of files(SRC).filter(f => !f.startsWith(path.join(SRC, 'standards')))) {
    for (const [no, line] of codeLines(file)) {
      for (const fact of facts) {
        if (line.includes(fact)) copies.push(`${path.relative(SRC, file)}:${no}: ${fact}`);
      }
    }
  }
  expect(copies).toEqual([]);
});
