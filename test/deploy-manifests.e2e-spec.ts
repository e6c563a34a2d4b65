import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { Deployment } from 'kubernetes-models/apps/v1';
import { Job } from 'kubernetes-models/batch/v1';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1';
import { ConfigMap, IContainer, IPodSpec, Secret, Service, ServiceAccount } from 'kubernetes-models/v1';
import { appConfigSchema, loadConfig } from '../src/config/app-config';
import { TestApp } from './support/test-app';
import { describeOncePerCi } from './support/test-passes';

const DIR = join(__dirname, '..', 'deploy', 'kubernetes');
const README = readFileSync(join(__dirname, '..', 'README.md'), 'utf8');

// Every kind the manifests may hold, with the class that checks it against the Kubernetes schema.
const MODELS: Record<string, new (data: any) => { validate(): void }> = {
  'apps/v1/Deployment': Deployment,
  'batch/v1/Job': Job,
  'policy/v1/PodDisruptionBudget': PodDisruptionBudget,
  'v1/ConfigMap': ConfigMap,
  'v1/Secret': Secret,
  'v1/Service': Service,
  'v1/ServiceAccount': ServiceAccount,
};

interface Manifest {
  file: string;
  object: any;
}

function loadManifests(): Manifest[] {
  const files = readdirSync(DIR).filter((f) => f.endsWith('.yaml') && f !== 'kustomization.yaml');
  return files.flatMap((file) =>
    parseAllDocuments(readFileSync(join(DIR, file), 'utf8')).map((doc) => {
      expect(doc.errors).toEqual([]);
      return { file, object: doc.toJSON() };
    }),
  );
}

/** Every key path of an object: [['spec'], ['spec', 'replicas'], ['spec', 'template', …], …]. */
function keyPaths(value: unknown, path: Array<string | number> = []): Array<Array<string | number>> {
  if (Array.isArray(value)) return value.flatMap((v, i) => keyPaths(v, [...path, i]));
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => [[...path, k], ...keyPaths(v, [...path, k])]);
  return [];
}

/** A value of a type the schema cannot accept where `original` is. */
const wrongType = (original: unknown) => (typeof original === 'string' || typeof original === 'number' ? { wrong: true } : 'wrong');

const one = (manifests: Manifest[], kind: string) => {
  const found = manifests.filter((m) => m.object.kind === kind);
  expect(found).toHaveLength(1);
  return found[0].object;
};

const seconds = (preStop: string[]) => {
  expect(preStop.slice(0, 1)).toEqual(['sleep']);
  return Number(preStop[1]);
};

/** The Kubernetes manifests are valid objects, and agree with Charter's own configuration. */
describeOncePerCi('deploy/kubernetes', () => {
  const manifests = loadManifests();
  const deployment = one(manifests, 'Deployment');
  const job = one(manifests, 'Job');
  const configMap = one(manifests, 'ConfigMap');
  const secret = one(manifests, 'Secret');
  const service = one(manifests, 'Service');
  const pdb = one(manifests, 'PodDisruptionBudget');
  const pod: IPodSpec = deployment.spec.template.spec;
  const server: IContainer = pod.containers[0];
  // What the pods run with: the ConfigMap and Secret, over Charter's defaults.
  const config = loadConfig({ ...configMap.data, ...secret.stringData });
  const portOf = (name: string | number) => (typeof name === 'number' ? name : server.ports!.find((p) => p.name === name)!.containerPort);

  it('every object validates against the Kubernetes schema of its kind', () => {
    expect(manifests.length).toBeGreaterThanOrEqual(7);
    for (const { file, object } of manifests) {
      const Model = MODELS[`${object.apiVersion}/${object.kind}`];
      if (!Model) throw new Error(`${file}: ${object.apiVersion} ${object.kind} has no schema in this test`);
      expect(() => new Model(object).validate()).not.toThrow();
    }
  });

  it('every field is one the schema knows (a misspelt field would otherwise be accepted and ignored)', () => {
    for (const { file, object } of manifests) {
      const Model = MODELS[`${object.apiVersion}/${object.kind}`];
      for (const path of keyPaths(object)) {
        if (path[0] === 'apiVersion' || path[0] === 'kind') continue;
        const copy = structuredClone(object);
        const parent = path.slice(0, -1).reduce((o: any, k) => o[k], copy);
        parent[path[path.length - 1]] = wrongType(parent[path[path.length - 1]]);
        let rejected = false;
        try {
          new Model(copy).validate();
        } catch {
          rejected = true;
        }
        expect({ file, field: path.join('.'), known: rejected }).toEqual({ file, field: path.join('.'), known: true });
      }
    }
  });

  it('the schema check does reject a malformed object', () => {
    const broken = structuredClone(deployment);
    broken.spec.template.spec.containers[0].ports[0].containerPort = 'eighty';
    expect(() => new Deployment(broken).validate()).toThrow();
  });

  it('the kustomization lists every server object and leaves out the example Secret and the migration Job', () => {
    const kustomization = parseAllDocuments(readFileSync(join(DIR, 'kustomization.yaml'), 'utf8'))[0].toJSON();
    const listed = new Set<string>(kustomization.resources);
    const files = new Set(manifests.map((m) => m.file));
    for (const file of listed) expect(files.has(file)).toBe(true);
    expect([...files].filter((f) => !listed.has(f)).sort()).toEqual(['migrate-job.yaml', 'secret.example.yaml']);
    // The Job is applied on its own, so it must name the image the kustomization deploys.
    const [image] = kustomization.images;
    expect(job.spec.template.spec.containers[0].image).toBe(`${image.name}:${image.newTag}`);
  });

  it('runs three replicas spread across zones and nodes, with a disruption budget', () => {
    expect(deployment.spec.replicas).toBe(3);
    const keys = pod.topologySpreadConstraints!.map((c) => c.topologyKey);
    expect(keys).toEqual(expect.arrayContaining(['topology.kubernetes.io/zone', 'kubernetes.io/hostname']));
    const zone = pod.topologySpreadConstraints!.find((c) => c.topologyKey === 'topology.kubernetes.io/zone')!;
    expect(zone).toMatchObject({ maxSkew: 1, whenUnsatisfiable: 'DoNotSchedule' });
    const labels = deployment.spec.template.metadata.labels;
    for (const c of pod.topologySpreadConstraints!) expect(labels).toMatchObject(c.labelSelector!.matchLabels!);
    expect(labels).toMatchObject(deployment.spec.selector.matchLabels);
    expect(labels).toMatchObject(pdb.spec.selector.matchLabels);
    expect(labels).toMatchObject(service.spec.selector);
    // The budget must leave a replica to evict, or a node drain never ends.
    expect(pdb.spec.maxUnavailable).toBeGreaterThanOrEqual(1);
    expect(pdb.spec.maxUnavailable).toBeLessThan(deployment.spec.replicas);
  });

  it('the ConfigMap and Secret form a valid configuration of documented variables', () => {
    const known = new Set(Object.keys(appConfigSchema.shape));
    for (const key of [...Object.keys(configMap.data), ...Object.keys(secret.stringData)]) {
      expect({ key, known: known.has(key) }).toEqual({ key, known: true });
      expect({ key, documented: README.includes(`\`${key}\``) }).toEqual({ key, documented: true });
    }
    expect(config.database.url).toMatch(/^postgres/);
    // No writable folder: the initial admin token must come from the Secret, not a file.
    expect(config.bootstrapToken).toBeDefined();
    expect(Object.keys(configMap.data)).not.toContain('CHARTER_DATA_DIR');
    for (const container of [server, job.spec.template.spec.containers[0]]) {
      expect(container.envFrom).toEqual([
        { configMapRef: { name: configMap.metadata.name } },
        { secretRef: { name: secret.metadata.name } },
      ]);
    }
  });

  it("probes, ports and the Service follow Charter's configured port", () => {
    expect(portOf('http')).toBe(config.port);
    expect(portOf(server.livenessProbe!.httpGet!.port as string)).toBe(config.port);
    expect(portOf(server.readinessProbe!.httpGet!.port as string)).toBe(config.port);
    expect(portOf(server.startupProbe!.httpGet!.port as string)).toBe(config.port);
    expect(server.livenessProbe!.httpGet!.path).toBe('/health/live');
    expect(server.startupProbe!.httpGet!.path).toBe('/health/live');
    expect(server.readinessProbe!.httpGet!.path).toBe('/health/ready');
    expect(portOf(service.spec.ports[0].targetPort)).toBe(config.port);
    expect(deployment.spec.template.metadata.annotations['prometheus.io/port']).toBe(String(config.port));
  });

  it('the grace period covers the preStop pause and the drain Charter allows itself', () => {
    const pause = seconds(server.lifecycle!.preStop!.exec!.command as string[]);
    expect(pause).toBeGreaterThanOrEqual(3);
    expect(pod.terminationGracePeriodSeconds! * 1000).toBeGreaterThan(pause * 1000 + config.shutdownGraceMs);
  });

  it('runs unprivileged on a read-only root filesystem, with no writable data folder', () => {
    for (const spec of [pod, job.spec.template.spec as IPodSpec]) {
      expect(spec.securityContext).toMatchObject({ runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } });
      expect(spec.securityContext!.runAsUser).toBeGreaterThan(0);
      expect(spec.automountServiceAccountToken).toBe(false);
      expect(spec.volumes ?? []).toEqual([]);
      for (const c of spec.containers) {
        expect(c.securityContext).toMatchObject({
          allowPrivilegeEscalation: false,
          readOnlyRootFilesystem: true,
          capabilities: { drop: ['ALL'] },
        });
        expect(c.resources!.requests!.memory).toBeDefined();
        expect(c.resources!.limits!.memory).toBeDefined();
      }
    }
  });

  it('the migration Job runs `charter migrate` from the same image, before the rollout', () => {
    const container = job.spec.template.spec.containers[0];
    expect(container.image).toBe(server.image);
    expect(container.args).toEqual(['node', 'dist/src/cli/main.js', 'migrate']);
    expect(server.args).toEqual(['node', 'dist/src/main.js']);
    expect(job.metadata.annotations).toMatchObject({ 'argocd.argoproj.io/hook': 'PreSync', 'helm.sh/hook': 'pre-install,pre-upgrade' });
    expect(job.spec.template.spec.restartPolicy).toBe('Never');
  });

  describe('against the running server', () => {
    let app: TestApp;
    beforeAll(async () => {
      app = await TestApp.start();
    });
    afterAll(async () => {
      await app.close();
    });

    it('the probe paths answer 200 on a healthy server', async () => {
      for (const probe of [server.livenessProbe!, server.readinessProbe!, server.startupProbe!]) {
        expect({ path: probe.httpGet!.path, status: (await app.fetch(probe.httpGet!.path!)).status }).toEqual({
          path: probe.httpGet!.path,
          status: 200,
        });
      }
    });
  });
});
