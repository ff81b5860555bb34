import { Chart, Testing } from 'cdk8s';
import { ControlPlaneChart, HardenedDeployment, HardenedJob, SandboxRuntime, SandboxRuntimeClass } from '../../src';
import { Json, only } from '../helpers';

const image = 'registry.acme.example/web:1.2.3';

describe('SandboxRuntimeClass', () => {
  test('defaults: gVisor (runsc), named gvisor, no overhead', () => {
    const chart = Testing.chart();
    const rc = new SandboxRuntimeClass(chart, 'sandbox');
    expect(rc.runtimeClassName).toBe('gvisor');
    expect(Testing.synth(chart)).toEqual([{ apiVersion: 'node.k8s.io/v1', kind: 'RuntimeClass', metadata: { name: 'gvisor' }, handler: 'runsc' }]);
  });

  test('Kata with its VM overhead, on the nodes that have it; a handler of your own', () => {
    const chart = Testing.chart();
    new SandboxRuntimeClass(chart, 'kata', { runtime: SandboxRuntime.KATA, nodeSelector: { 'sandbox.acme.example/kata': 'true' } });
    new SandboxRuntimeClass(chart, 'qemu', { runtime: SandboxRuntime.handler('kata-qemu', 'kata-qemu'), overhead: { memory: '200Mi' } });
    const [kata, qemu] = Testing.synth(chart) as Json[];
    expect(kata).toEqual({
      apiVersion: 'node.k8s.io/v1',
      kind: 'RuntimeClass',
      metadata: { name: 'kata' },
      handler: 'kata',
      overhead: { podFixed: { cpu: '250m', memory: '160Mi' } },
      scheduling: { nodeSelector: { 'sandbox.acme.example/kata': 'true' } },
    });
    expect(qemu.handler).toBe('kata-qemu');
    expect(qemu.overhead).toEqual({ podFixed: { memory: '200Mi' } });
  });

  test('fails a bad name, a bad handler, a bad overhead, and a place in the control-plane chart', () => {
    expect(() => new SandboxRuntimeClass(Testing.chart(), 'rc', { name: 'GVisor' })).toThrow(/name: must be a DNS-1123 subdomain/);
    expect(() => new SandboxRuntimeClass(Testing.chart(), 'rc', { runtime: SandboxRuntime.handler('Kata_QEMU', 'kata') })).toThrow(/runtime.handlerName: a RuntimeClass handler is a DNS-1123 label/);
    expect(() => new SandboxRuntimeClass(Testing.chart(), 'rc', { overhead: { cpu: 'lots' } })).toThrow(/overhead.cpu: must be a non-negative Kubernetes quantity/);
    const app = Testing.app();
    new SandboxRuntimeClass(new ControlPlaneChart(app, 'control-plane'), 'rc');
    expect(() => app.synth()).toThrow(/RuntimeClass gvisor is an API object/);
  });
});

describe('runtimeClassName on hardened workloads', () => {
  test('runs the pods in a RuntimeClass the app defines, in another chart too', () => {
    const app = Testing.app();
    const platform = new Chart(app, 'platform');
    new SandboxRuntimeClass(platform, 'sandbox');
    const chart = new Chart(app, 'apps');
    new HardenedDeployment(chart, 'web', { runtimeClassName: 'gvisor', containers: [{ image }] });
    new HardenedJob(chart, 'batch', { runtimeClassName: 'gvisor', containers: [{ image }] });
    expect(() => app.synth()).not.toThrow();
    const manifests = Testing.synth(chart) as Json[];
    expect(only(manifests, 'Deployment').spec.template.spec.runtimeClassName).toBe('gvisor');
    expect(only(manifests, 'Job').spec.template.spec.runtimeClassName).toBe('gvisor');
  });

  test('a RuntimeClass the platform installs, outside the app', () => {
    const chart = Testing.chart();
    new HardenedDeployment(chart, 'web', { runtimeClassName: 'gvisor', runtimeClassDefinedOutsideApp: true, containers: [{ image }] });
    expect(only(Testing.synth(chart) as Json[], 'Deployment').spec.template.spec.runtimeClassName).toBe('gvisor');
  });

  test('no runtime class by default', () => {
    const chart = Testing.chart();
    new HardenedDeployment(chart, 'web', { containers: [{ image }] });
    expect(only(Testing.synth(chart) as Json[], 'Deployment').spec.template.spec.runtimeClassName).toBeUndefined();
  });

  test('fails a RuntimeClass the app does not define, a bad name, and the outside flag without a name', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'apps');
    new SandboxRuntimeClass(chart, 'kata', { runtime: SandboxRuntime.KATA });
    new HardenedDeployment(chart, 'web', { runtimeClassName: 'gvisor', containers: [{ image }] });
    expect(() => app.synth()).toThrow(/\[apps\/web\] runtimeClassName: the app defines no RuntimeClass "gvisor" \(it defines kata\).*Fix: define it with new SandboxRuntimeClass/);
    expect(() => new HardenedDeployment(Testing.chart(), 'web', { runtimeClassName: 'gVisor', containers: [{ image }] })).toThrow(/runtimeClassName: must be a DNS-1123 subdomain/);
    expect(() => new HardenedDeployment(Testing.chart(), 'web', { runtimeClassDefinedOutsideApp: true, containers: [{ image }] })).toThrow(/runtimeClassDefinedOutsideApp: is set but no runtimeClassName is given/);
  });
});
