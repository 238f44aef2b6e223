/**
 * Chart tests: render helm/concierge with the example values files (the real helm binary, built and
 * cached by tools/deploy/ensure-helm.sh) and assert on what a cluster would receive.
 * No cluster is needed; a missing helm fails these tests (it never skips them).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { SERVICE_NODE_FLAGS } from '@concierge/testing';

const root = resolve(__dirname, '../..');
const KUBE = '1.34.0';
const SERVICES = ['channel-ingress', 'identity-graph', 'dialogue-agent', 'prediction', 'commerce-checkout', 'insights'];
/** The gRPC flows of docs/architecture.md: caller → callee. */
const ARCHITECTURE_FLOWS = ['channel-ingress→identity-graph', 'dialogue-agent→identity-graph', 'dialogue-agent→commerce-checkout', 'dialogue-agent→prediction', 'insights→dialogue-agent'];
const ADDR_VARS: Record<string, string> = {
  INGRESS_GRPC_ADDR: 'channel-ingress',
  IDENTITY_GRPC_ADDR: 'identity-graph',
  DIALOGUE_GRPC_ADDR: 'dialogue-agent',
  PREDICTION_GRPC_ADDR: 'prediction',
  CHECKOUT_GRPC_ADDR: 'commerce-checkout',
  INSIGHTS_GRPC_ADDR: 'insights',
};
/** What the code actually calls: every *_GRPC_ADDR a service's env schema reads (must include the architecture's flows). */
const GRPC_FLOWS = SERVICES.flatMap((s) => {
  const dir = join(root, 'services', s, 'src', 'config');
  const src = readdirSync(dir)
    .filter((f) => f.endsWith('.env.ts'))
    .map((f) => readFileSync(join(dir, f), 'utf8'))
    .join('\n');
  return [...new Set([...src.matchAll(/\b([A-Z]+_GRPC_ADDR)\b/g)].map((m) => m[1]))].map((v) => `${s}→${ADDR_VARS[v]}`);
});

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type K8s = any;
let helm: string;

function ensure(script: string, what: string): string {
  const r = spawnSync('bash', [join(root, 'tools/deploy', script)], { encoding: 'utf8', timeout: 15 * 60_000 });
  if (r.status !== 0) {
    throw new Error(`${what} is not available, so the chart tests cannot run (they fail rather than skip).\n` + `tools/deploy/${script} said:\n${r.stderr}`);
  }
  return r.stdout.trim();
}

function render(values: string[], extra: string[] = []): K8s[] {
  const out = execFileSync(
    helm,
    ['template', 'concierge', join(root, 'helm/concierge'), '-n', 'concierge', '--kube-version', KUBE, ...values.flatMap((v) => ['-f', join(root, v)]), ...extra],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
  );
  return parseAllDocuments(out)
    .map((d) => d.toJS())
    .filter((d) => d && d.kind);
}

function renderFails(args: string[]): string {
  const r = spawnSync(helm, ['template', 'concierge', join(root, 'helm/concierge'), '--kube-version', KUBE, ...args], { encoding: 'utf8' });
  expect(r.status).not.toBe(0);
  return r.stderr;
}

const CRDS = ['--api-versions', 'monitoring.coreos.com/v1', '--api-versions', 'keda.sh/v1alpha1'];
const ofKind = (docs: K8s[], kind: string) => docs.filter((d) => d.kind === kind);
const podSpecs = (docs: K8s[]) =>
  docs.filter((d) => ['Deployment', 'StatefulSet', 'Job'].includes(d.kind)).map((d) => ({ name: `${d.kind}/${d.metadata.name}`, kind: d.kind, spec: d.spec.template.spec }));
const nameOf = (labels: Record<string, string> | undefined) => labels?.['app.kubernetes.io/name'];

beforeAll(() => {
  helm = ensure('ensure-helm.sh', 'helm');
  execFileSync(helm, ['dependency', 'build', join(root, 'helm/concierge')], { stdio: 'pipe' });
}, 20 * 60_000);

describe.each([
  ['production', ['deploy/values-production.yaml'], CRDS],
  ['dev', ['deploy/values-dev.yaml'], []],
])('helm/concierge with deploy/values-%s.yaml', (_name, values, extra) => {
  let docs: K8s[];
  beforeAll(() => {
    docs = render(values, extra);
  });

  it('runs one Deployment per service, each with a Service on gRPC 50051 and HTTP 8080', () => {
    const deployments = ofKind(docs, 'Deployment');
    expect(deployments.map((d) => nameOf(d.metadata.labels)).sort()).toEqual([...SERVICES].sort());
    for (const s of SERVICES) {
      const svc = ofKind(docs, 'Service').find((x) => x.metadata.name === `concierge-${s}`);
      expect(svc?.spec.ports.map((p: K8s) => [p.name, p.port])).toEqual([
        ['grpc', 50051],
        ['http', 8080],
      ]);
    }
  });

  it('gives every long-running container probes, and every service native gRPC probes on 50051', () => {
    for (const { name, kind, spec } of podSpecs(docs).filter((p) => p.kind !== 'Job')) {
      for (const c of spec.containers) {
        for (const probe of ['startupProbe', 'livenessProbe', 'readinessProbe']) expect({ name, c: c.name, probe, present: !!c[probe] }).toEqual({ name, c: c.name, probe, present: true });
        if (kind === 'Deployment') {
          expect(c.livenessProbe.grpc).toEqual({ port: 50051, service: '' });
          expect(c.startupProbe.grpc.port).toBe(50051);
          // Readiness asks for the service itself: NOT_SERVING while it drains after SIGTERM.
          expect(c.readinessProbe.grpc).toEqual({ port: 50051, service: expect.stringMatching(/^concierge\.[a-z]+\.v1\.[A-Za-z]+Service$/) });
        }
      }
    }
  });

  it('runs no container as root and hardens every pod', () => {
    const pods = podSpecs(docs);
    expect(pods.length).toBeGreaterThan(0);
    for (const { name, spec } of pods) {
      for (const c of [...spec.containers, ...(spec.initContainers ?? [])]) {
        const sc = { ...spec.securityContext, ...c.securityContext };
        const where = `${name} container ${c.name}`;
        expect({ where, runAsNonRoot: sc.runAsNonRoot }).toEqual({ where, runAsNonRoot: true });
        expect({ where, uid: sc.runAsUser ?? 'image' }).not.toEqual({ where, uid: 0 });
        expect({ where, escalation: c.securityContext.allowPrivilegeEscalation }).toEqual({ where, escalation: false });
        expect({ where, drop: c.securityContext.capabilities?.drop }).toEqual({ where, drop: ['ALL'] });
        expect({ where, seccomp: sc.seccompProfile?.type }).toEqual({ where, seccomp: 'RuntimeDefault' });
      }
    }
    // Concierge's own images: read-only root filesystem with a writable /tmp only.
    for (const d of ofKind(docs, 'Deployment')) {
      const c = d.spec.template.spec.containers[0];
      expect(c.securityContext.readOnlyRootFilesystem).toBe(true);
      expect(c.volumeMounts.find((m: K8s) => m.mountPath === '/tmp')).toBeDefined();
      expect(d.spec.template.spec.automountServiceAccountToken).toBe(false);
    }
  });

  it('gives every Deployment CPU and memory requests, a memory limit and a PodDisruptionBudget (when it runs more than one replica)', () => {
    const pdbs = ofKind(docs, 'PodDisruptionBudget');
    for (const d of ofKind(docs, 'Deployment')) {
      const { resources } = d.spec.template.spec.containers[0];
      expect(resources.requests).toEqual({ cpu: expect.anything(), memory: expect.anything() });
      expect(resources.limits.memory).toBeDefined();
      const podLabels = d.spec.template.metadata.labels;
      const pdb = pdbs.find((p) => Object.entries(p.spec.selector.matchLabels).every(([k, v]) => podLabels[k] === v));
      if (_name === 'production') expect({ deployment: d.metadata.name, pdb: pdb?.metadata.name }).toEqual({ deployment: d.metadata.name, pdb: expect.any(String) });
    }
  });

  it('allows exactly the gRPC flows the services make (a superset of the architecture\'s), HTTP from the ingress controller only to channel-ingress and insights', () => {
    expect(GRPC_FLOWS).toEqual(expect.arrayContaining(ARCHITECTURE_FLOWS));
    const policies = ofKind(docs, 'NetworkPolicy').filter((p) => SERVICES.includes(nameOf(p.spec.podSelector.matchLabels)!));
    expect(policies).toHaveLength(SERVICES.length);
    const ingressFlows: string[] = [];
    const egressFlows: string[] = [];
    const httpFromController: string[] = [];
    for (const p of policies) {
      const me = nameOf(p.spec.podSelector.matchLabels)!;
      expect(p.spec.policyTypes).toEqual(['Ingress', 'Egress']);
      for (const rule of p.spec.ingress) {
        // Never "from anywhere".
        expect(rule.from?.length).toBeGreaterThan(0);
        const ports = rule.ports.map((x: K8s) => x.port);
        for (const peer of rule.from) {
          if (ports.includes('grpc') && peer.podSelector) ingressFlows.push(`${nameOf(peer.podSelector.matchLabels)}→${me}`);
          else if (peer.namespaceSelector?.matchLabels['kubernetes.io/metadata.name'] === 'ingress-nginx') httpFromController.push(me);
          else expect({ me, peer, ports }).toEqual({ me, peer: { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } } }, ports: ['http'] });
        }
      }
      const egress = p.spec.egress;
      const to = (port: number) => egress.filter((r: K8s) => r.ports.some((x: K8s) => x.port === port));
      expect(to(53).length).toBe(1); // DNS
      expect(to(5432).length).toBe(1); // Postgres
      expect(to(9092).length + to(9093).length).toBeGreaterThan(0); // Kafka
      for (const r of to(50051)) for (const peer of r.to) egressFlows.push(`${me}→${nameOf(peer.podSelector.matchLabels)}`);
      const https = to(443);
      expect({ me, externalHttps: https.length > 0 }).toEqual({ me, externalHttps: ['channel-ingress', 'dialogue-agent'].includes(me) });
      expect(egress.length).toBe(3 + to(50051).length + https.length);
    }
    expect(ingressFlows.sort()).toEqual([...GRPC_FLOWS].sort());
    expect(egressFlows.sort()).toEqual([...GRPC_FLOWS].sort());
    expect(httpFromController.sort()).toEqual(['channel-ingress', 'insights']);
  });

  it('points every caller at the callee Service by its *_GRPC_ADDR', () => {
    const cm = (s: string) => ofKind(docs, 'ConfigMap').find((c) => c.metadata.name === `concierge-${s}`).data;
    for (const flow of GRPC_FLOWS) {
      const [caller, callee] = flow.split('→');
      const addrVar = Object.keys(ADDR_VARS).find((v) => ADDR_VARS[v] === callee)!;
      expect({ caller, [addrVar]: cm(caller)[addrVar] }).toEqual({ caller, [addrVar]: `concierge-${callee}:50051` });
    }
    expect(cm('dialogue-agent')).toMatchObject({
      IDENTITY_GRPC_ADDR: 'concierge-identity-graph:50051',
      CHECKOUT_GRPC_ADDR: 'concierge-commerce-checkout:50051',
      PREDICTION_GRPC_ADDR: 'concierge-prediction:50051',
    });
    expect(cm('channel-ingress').IDENTITY_GRPC_ADDR).toBe('concierge-identity-graph:50051');
    expect(cm('insights').DIALOGUE_GRPC_ADDR).toBe('concierge-dialogue-agent:50051');
  });

  it('routes the console to insights and the channel endpoints to channel-ingress', () => {
    const [ing] = ofKind(docs, 'Ingress');
    const backends = ing.spec.rules.map((r: K8s) => [r.host, [...new Set(r.http.paths.map((p: K8s) => p.backend.service.name))]]);
    expect(backends).toEqual([
      [expect.stringContaining('console'), ['concierge-insights']],
      [expect.stringContaining('chat'), ['concierge-channel-ingress']],
    ]);
  });
});

describe('production specifics', () => {
  let docs: K8s[];
  beforeAll(() => {
    docs = render(['deploy/values-production.yaml'], CRDS);
  });

  it('migrates every database in a pre-install/pre-upgrade hook Job before the new pods start', () => {
    const jobs = ofKind(docs, 'Job');
    expect(jobs.map((j) => nameOf(j.metadata.labels)).sort()).toEqual([...SERVICES].sort());
    for (const j of jobs) {
      expect(j.metadata.annotations['helm.sh/hook']).toBe('pre-install,pre-upgrade');
      const c = j.spec.template.spec.containers[0];
      expect(c.args).toEqual(['migrate']);
      expect(c.env.find((e: K8s) => e.name === 'DATABASE_URL').valueFrom.secretKeyRef).toEqual({
        name: 'concierge-postgres',
        key: `${nameOf(j.metadata.labels)!.toUpperCase().replace(/-/g, '_')}_DATABASE_URL`,
      });
    }
  });

  it('reads DSNs, brokers, SASL and keys from existing Secrets and turns on Postgres and Kafka TLS', () => {
    const d = ofKind(docs, 'Deployment').find((x) => x.metadata.name === 'concierge-identity-graph');
    const c = d.spec.template.spec.containers[0];
    const env = Object.fromEntries(c.env.map((e: K8s) => [e.name, e.value ?? e.valueFrom]));
    expect(env.DATABASE_URL.secretKeyRef).toEqual({ name: 'concierge-postgres', key: 'IDENTITY_GRAPH_DATABASE_URL' });
    expect(env.KAFKA_BROKERS.secretKeyRef).toEqual({ name: 'concierge-kafka', key: 'KAFKA_BROKERS' });
    expect(env.KAFKA_SASL_PASSWORD.secretKeyRef).toEqual({ name: 'concierge-kafka-user', key: 'password' });
    expect(env.INTERNAL_API_KEY.secretKeyRef.name).toBe('concierge-internal-api-key');
    expect(env.PGSSLMODE).toBe('verify-full');
    expect(env.NODE_EXTRA_CA_CERTS).toBe('/etc/concierge/postgres-ca/ca.crt');
    const cm = ofKind(docs, 'ConfigMap').find((x) => x.metadata.name === 'concierge-identity-graph').data;
    expect(cm).toMatchObject({ KAFKA_SSL: 'true', KAFKA_SSL_CA_FILE: '/etc/concierge/kafka-ca/ca.crt', KAFKA_SASL_MECHANISM: 'scram-sha-512', NODE_ENV: 'production' });
    // No secret value is ever rendered into the manifests.
    expect(ofKind(docs, 'Secret')).toHaveLength(0);
  });

  it('scales dialogue-agent on Kafka lag with KEDA and the others on CPU with an HPA', () => {
    const [so] = ofKind(docs, 'ScaledObject');
    expect(so.spec.scaleTargetRef.name).toBe('concierge-dialogue-agent');
    expect(so.spec.triggers.map((t: K8s) => t.type).sort()).toEqual(['cpu', 'kafka']);
    expect(so.spec.triggers.find((t: K8s) => t.type === 'kafka').metadata).toMatchObject({ consumerGroup: 'dialogue-agent', topic: 'concierge.ingress.message-received.v1' });
    expect(ofKind(docs, 'HorizontalPodAutoscaler').map((h) => h.spec.scaleTargetRef.name).sort()).toEqual(
      SERVICES.filter((s) => s !== 'dialogue-agent').map((s) => `concierge-${s}`).sort(),
    );
    for (const d of ofKind(docs, 'Deployment')) expect(d.spec.replicas).toBeUndefined(); // the autoscaler owns it
  });
});

describe('V8 flags of the services (libs/testing/src/service/node-flags.ts, as npm start and the benches run them)', () => {
  const expected = (service: string) => ['--enable-source-maps', ...(SERVICE_NODE_FLAGS[service] ?? [])].join(' ');

  it('are in NODE_OPTIONS of each service ConfigMap, which its Deployment reads', () => {
    const docs = render(['deploy/values-production.yaml'], CRDS);
    const workloads = ofKind(docs, 'Deployment');
    expect(workloads).toHaveLength(SERVICES.length);
    for (const d of workloads) {
      const service = nameOf(d.metadata.labels)!;
      const refs = d.spec.template.spec.containers[0].envFrom.map((e: K8s) => e.configMapRef?.name);
      expect({ workload: `${d.kind}/${d.metadata.name}`, reads: refs.includes(`concierge-${service}`) }).toEqual({ workload: `${d.kind}/${d.metadata.name}`, reads: true });
    }
    for (const service of SERVICES) {
      const value = ofKind(docs, 'ConfigMap').find((x) => x.metadata.name === `concierge-${service}`).data.NODE_OPTIONS;
      // Without flags of its own a service keeps the image's NODE_OPTIONS (--enable-source-maps).
      expect({ service, value }).toEqual({ service, value: SERVICE_NODE_FLAGS[service] ? expected(service) : undefined });
    }
  });

  it('are in NODE_OPTIONS of every service in docker-compose.yml', () => {
    const compose = parse(readFileSync(join(root, 'docker-compose.yml'), 'utf8'), { merge: true }) as { services: Record<string, { environment?: Record<string, string> }> };
    for (const service of SERVICES) {
      const value = compose.services[service].environment?.NODE_OPTIONS;
      expect({ service, value }).toEqual({ service, value: SERVICE_NODE_FLAGS[service] ? expected(service) : undefined });
    }
  });
});

describe('trial dependencies (deploy/values-dev.yaml)', () => {
  it('runs the trial PostgreSQL with shared buffers sized for the hot indexes, and takes another size from values', () => {
    const args = (docs: K8s[]) => ofKind(docs, 'StatefulSet').find((x) => /postgres/.test(x.metadata.name)).spec.template.spec.containers[0].args;
    expect(args(render(['deploy/values-dev.yaml']))).toEqual(['-c', 'shared_buffers=256MB']);
    expect(args(render(['deploy/values-dev.yaml'], ['--set', 'trialDependencies.postgres.sharedBuffers=1GB']))).toEqual(['-c', 'shared_buffers=1GB']);
  });
});

describe('bad values fail at install with a clear message', () => {
  it('rejects wrong types, unknown enums and root containers through values.schema.json', () => {
    const err = renderFails(['-f', join(root, 'helm/test/fixtures/values-bad.yaml')]);
    expect(err).toContain("at '/global/concierge/postgres/sslMode': value must be one of 'disable', 'require', 'verify-ca', 'verify-full', 'no-verify'");
    expect(err).toContain("at '/identity-graph/replicaCount': got string, want integer");
    expect(err).toContain("at '/identity-graph/securityContext/runAsNonRoot': value must be true");
  });

  it('rejects a typo in a service key instead of ignoring it', () => {
    const err = renderFails(['-f', join(root, 'deploy/values-production.yaml'), '--set', 'insights.replicas=3']);
    expect(err).toMatch(/insights.*additional properties 'replicas' not allowed/s);
  });

  it('names the missing Secret when neither an external Postgres nor the trial one is configured', () => {
    const err = renderFails(['--set', 'global.concierge.kafka.existingSecret=k', '--set', 'global.concierge.internalApiKey.existingSecret=i']);
    expect(err).toContain('global.concierge.postgres.existingSecret is required');
  });
});

describe('docker-compose.yml (compose-go, the loader of Docker Compose v2) and the Dockerfile (BuildKit parser)', () => {
  let check: string;
  beforeAll(() => {
    check = ensure('ensure-compose-check.sh', 'compose-check');
  }, 10 * 60_000);

  it('parses, and every dependency waits for health or for the one-shot jobs to succeed', () => {
    const r = spawnSync(check, [join(root, 'docker-compose.yml')], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain('10 services: channel-ingress, commerce-checkout, dialogue-agent, identity-graph, insights, kafka, migrate, postgres, prediction, seed');
    expect(r.status).toBe(0);
  });

  it('the Dockerfile parses with BuildKit\'s parser, is multi-stage, runs as a numeric non-root user under tini', () => {
    const r = spawnSync(check, ['--dockerfile', join(root, 'Dockerfile')], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain('4 stages: deps → build → prod-deps → runtime; final runs as 10001:10001 under /usr/bin/tini');
    const dir = mkdtempSync(join(tmpdir(), 'dockerfile-check-'));
    try {
      writeFileSync(join(dir, 'Dockerfile'), 'FROM node:20 AS build\nRUN true\nFROM node:20\nCOPY --from=build /x /x\nENTRYPOINT ["node", "main.js"]\n');
      const bad = spawnSync(check, ['--dockerfile', join(dir, 'Dockerfile')], { encoding: 'utf8' });
      expect(bad.status).toBe(1);
      expect(bad.stderr).toContain('runs as root');
      expect(bad.stderr).toContain('has no init (tini) as PID 1');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('rejects a dependency without a condition and a service without a health check', () => {
    const dir = mkdtempSync(join(tmpdir(), 'compose-check-'));
    try {
      writeFileSync(
        join(dir, 'compose.yml'),
        ['services:', '  db:', '    image: postgres:17', '  app:', '    image: app', '    depends_on: [db]', '    healthcheck:', '      test: ["CMD", "true"]'].join('\n'),
      );
      const r = spawnSync(check, [join(dir, 'compose.yml')], { encoding: 'utf8' });
      expect(r.status).toBe(1);
      expect(r.stderr).toContain('service "db" has no healthcheck');
      expect(r.stderr).toContain('service "app" depends on "db" with condition "service_started"; use service_healthy');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
