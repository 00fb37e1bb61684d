/**
 * A throwaway kube-apiserver (with embedded etcd) on 127.0.0.1 for one test run, and a minimal
 * HTTPS client for it: discovery, server-side apply (optionally dry-run) and waiting for CRDs.
 *
 * The binary is tools/kube-apiserver, built and cached by its build.sh. Certificates, the
 * service-account key and the token are new for every run and live in a temp dir removed on stop.
 */
import { ChildProcess, execFileSync, spawn } from 'child_process';
import { randomBytes } from 'crypto';
import * as fs from 'fs';
import * as https from 'https';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';

const ROOT = path.resolve(__dirname, '..', '..');

/** The API server binary: $ESOKIT_KUBE_APISERVER, else built (or taken from the cache) now. */
export function apiServerBinary(): string {
  const given = process.env.ESOKIT_KUBE_APISERVER;
  if (given) {
    return given;
  }
  return execFileSync('bash', [path.join(ROOT, 'tools', 'kube-apiserver', 'build.sh')], { encoding: 'utf-8', stdio: ['ignore', 'pipe', 'inherit'] }).trim();
}

export interface Response {
  readonly status: number;
  readonly body: any;
  /** The API server's `Warning` headers (deprecations, Pod Security, ...). */
  readonly warnings: string[];
}

/** What the API server serves of one kind. */
export interface Resource {
  readonly name: string;
  readonly namespaced: boolean;
}

export class KubeApiServer {
  /** Starts a server and waits until it is ready; `logFile` receives its output. */
  public static async start(binary: string, logFile: string): Promise<KubeApiServer> {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'esokit-apiserver-'));
    try {
      execFileSync(binary, ['certs', path.join(dir, 'pki')], { stdio: ['ignore', 'ignore', 'pipe'] });
      const token = randomBytes(24).toString('hex');
      // system:masters: the test user may do anything (authorization is AlwaysAllow anyway).
      fs.writeFileSync(path.join(dir, 'tokens.csv'), `${token},esokit-test,esokit-test,"system:masters"\n`, { mode: 0o600 });
      fs.mkdirSync(path.dirname(logFile), { recursive: true });
      fs.writeFileSync(logFile, '');
      // A free port can be taken between probing and binding: try a few.
      let lastError: unknown;
      for (let attempt = 0; attempt < 3; attempt++) {
        const server = new KubeApiServer(binary, dir, token, await freePort(), logFile);
        try {
          await server.waitReady(120_000);
          return server;
        } catch (e) {
          lastError = e;
          await server.stopProcess();
          if (!/address already in use/.test(server.logTail())) {
            break;
          }
        }
      }
      throw lastError;
    } catch (e) {
      fs.rmSync(dir, { recursive: true, force: true });
      throw e;
    }
  }

  public readonly url: string;
  private readonly child: ChildProcess;
  private readonly agent: https.Agent;
  private readonly log: fs.WriteStream;
  private tail = '';
  private exited?: string;
  private readonly resources = new Map<string, Promise<Map<string, Resource> | undefined>>();
  private readonly onExit: () => void;

  private constructor(binary: string, private readonly dir: string, private readonly token: string, port: number, logFile: string) {
    this.url = `https://127.0.0.1:${port}`;
    const pki = path.join(dir, 'pki');
    // Idle sockets are closed well before the server's idle timeout (90s) closes them under us.
    this.agent = new https.Agent({ ca: fs.readFileSync(path.join(pki, 'ca.crt')), keepAlive: true, maxSockets: 16, timeout: 30_000 });
    this.log = fs.createWriteStream(logFile, { flags: 'a' });
    const etcdDir = path.join(dir, `etcd-${port}`);
    this.child = spawn(binary, [
      // stdin EOF (also when this process is killed) stops the server, which then removes dir.
      'serve', '--etcd-dir', etcdDir, '--exit-with-stdin', '--remove-on-exit', dir, '--',
      '--bind-address=127.0.0.1',
      '--advertise-address=127.0.0.1',
      `--secure-port=${port}`,
      `--cert-dir=${path.join(dir, 'certs')}`,
      `--tls-cert-file=${path.join(pki, 'serving.crt')}`,
      `--tls-private-key-file=${path.join(pki, 'serving.key')}`,
      `--service-account-key-file=${path.join(pki, 'sa.pub')}`,
      `--service-account-signing-key-file=${path.join(pki, 'sa.key')}`,
      '--service-account-issuer=https://kubernetes.default.svc',
      `--token-auth-file=${path.join(dir, 'tokens.csv')}`,
      '--authorization-mode=AlwaysAllow',
      '--service-cluster-ip-range=10.0.0.0/24',
      // No kubelets or nodes: the default/kubernetes endpoints would point at a loopback address.
      '--endpoint-reconciler-type=none',
      // Nothing else may talk to this server.
      '--anonymous-auth=false',
      '--profiling=false',
    ], { stdio: ['pipe', 'pipe', 'pipe'] });
    const record = (chunk: Buffer) => {
      this.log.write(chunk);
      this.tail = (this.tail + chunk.toString()).slice(-20_000);
    };
    this.child.stdout!.on('data', record);
    this.child.stderr!.on('data', record);
    this.child.on('exit', (code, signal) => {
      this.exited = `exited with ${signal ?? code}`;
    });
    this.onExit = () => {
      // The process is ending without stop(): do what can be done synchronously.
      this.child.kill('SIGKILL');
      fs.rmSync(this.dir, { recursive: true, force: true });
    };
    process.on('exit', this.onExit);
  }

  /** The last part of the server's output, for failure messages. */
  public logTail(lines = 40): string {
    return this.tail.split('\n').slice(-lines).join('\n');
  }

  public async request(method: string, urlPath: string, body?: unknown, contentType = 'application/json'): Promise<Response> {
    // A kept-alive connection the server closed while idle fails the next request on it; every
    // request here is idempotent (apply, or create where "exists" is fine), so send it again.
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.requestOnce(method, urlPath, body, contentType);
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        if (attempt >= 5 || !(code === 'ECONNRESET' || code === 'EPIPE' || /socket hang up/.test((e as Error).message))) {
          throw e;
        }
      }
    }
  }

  private requestOnce(method: string, urlPath: string, body: unknown, contentType: string): Promise<Response> {
    return new Promise((resolve, reject) => {
      const payload = body === undefined ? undefined : Buffer.from(typeof body === 'string' ? body : JSON.stringify(body));
      const req = https.request(`${this.url}${urlPath}`, {
        method,
        agent: this.agent,
        headers: {
          Authorization: `Bearer ${this.token}`,
          Accept: 'application/json',
          ...(payload ? { 'Content-Type': contentType, 'Content-Length': payload.length } : {}),
        },
        timeout: 60_000,
      }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString();
          let parsed: any = text;
          try {
            parsed = JSON.parse(text);
          } catch {
            // Not JSON (e.g. /readyz): keep the text.
          }
          const warning = res.headers.warning;
          const warnings = (Array.isArray(warning) ? warning : warning ? [warning] : []).map((w) => w.replace(/^299 - "?|"$/g, ''));
          resolve({ status: res.statusCode ?? 0, body: parsed, warnings });
        });
      });
      req.on('timeout', () => req.destroy(new Error(`${method} ${urlPath} timed out`)));
      req.on('error', reject);
      if (payload) {
        req.write(payload);
      }
      req.end();
    });
  }

  /** What the server serves of `apiVersion`, by kind; undefined when it does not serve it. */
  public resourcesOf(apiVersion: string): Promise<Map<string, Resource> | undefined> {
    let found = this.resources.get(apiVersion);
    if (!found) {
      found = this.request('GET', apiVersion.includes('/') ? `/apis/${apiVersion}` : `/api/${apiVersion}`).then((res) => {
        if (res.status === 404) {
          return undefined;
        }
        if (res.status !== 200) {
          throw new Error(`discovery of ${apiVersion} failed: ${res.status} ${JSON.stringify(res.body)}`);
        }
        const byKind = new Map<string, Resource>();
        for (const r of res.body.resources as Array<{ name: string; kind: string; namespaced: boolean }>) {
          if (!r.name.includes('/')) {
            byKind.set(r.kind, { name: r.name, namespaced: r.namespaced });
          }
        }
        return byKind;
      });
      this.resources.set(apiVersion, found);
    }
    return found;
  }

  /** Forgets discovery results (after installing CRDs). */
  public forgetDiscovery(): void {
    this.resources.clear();
  }

  /** The URL path of an object, or undefined when the server does not serve its kind. */
  public async pathOf(obj: any): Promise<string | undefined> {
    const resource = (await this.resourcesOf(obj.apiVersion))?.get(obj.kind);
    if (!resource) {
      return undefined;
    }
    const base = obj.apiVersion.includes('/') ? `/apis/${obj.apiVersion}` : `/api/${obj.apiVersion}`;
    const ns = resource.namespaced ? `/namespaces/${encodeURIComponent(obj.metadata?.namespace ?? 'default')}` : '';
    return `${base}${ns}/${resource.name}/${encodeURIComponent(obj.metadata.name)}`;
  }

  /**
   * Server-side apply. Strict field validation: a field the schema does not know is an error,
   * not silently dropped.
   */
  public async apply(obj: any, options: { dryRun: boolean; fieldManager: string }): Promise<Response> {
    const objectPath = await this.pathOf(obj);
    if (!objectPath) {
      throw new Error(`${obj.apiVersion} ${obj.kind} is not served`);
    }
    const query = `fieldManager=${encodeURIComponent(options.fieldManager)}&fieldValidation=Strict${options.dryRun ? '&dryRun=All' : ''}`;
    // JSON is YAML: the apply patch is the object itself.
    return this.request('PATCH', `${objectPath}?${query}`, obj, 'application/apply-patch+yaml');
  }

  /** Waits until every named CRD reports Established (and its API is discoverable). */
  public async waitEstablished(crds: any[], timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    const pending = new Set(crds.map((c) => c.metadata.name as string));
    while (pending.size > 0) {
      for (const name of [...pending]) {
        const res = await this.request('GET', `/apis/apiextensions.k8s.io/v1/customresourcedefinitions/${name}`);
        const established = res.body?.status?.conditions?.some((c: any) => c.type === 'Established' && c.status === 'True');
        if (established) {
          pending.delete(name);
        }
      }
      if (pending.size === 0) {
        break;
      }
      if (Date.now() > deadline) {
        throw new Error(`crds not established after ${timeoutMs / 1000}s: ${[...pending].join(', ')}`);
      }
      await sleep(250);
    }
    // Established CRDs reach discovery a moment later.
    this.forgetDiscovery();
    for (const crd of crds) {
      for (const version of crd.spec.versions.filter((v: any) => v.served)) {
        const apiVersion = `${crd.spec.group}/${version.name}`;
        while (!(await this.resourcesOf(apiVersion))?.has(crd.spec.names.kind)) {
          if (Date.now() > deadline) {
            throw new Error(`${apiVersion} ${crd.spec.names.kind} is established but not discoverable after ${timeoutMs / 1000}s`);
          }
          this.forgetDiscovery();
          await sleep(250);
        }
      }
    }
  }

  /** Stops the server and removes its certificates, token and data. */
  public async stop(): Promise<void> {
    try {
      await this.stopProcess();
    } finally {
      process.removeListener('exit', this.onExit);
      this.agent.destroy();
      fs.rmSync(this.dir, { recursive: true, force: true });
      await new Promise<void>((resolve) => this.log.end(resolve));
    }
  }

  private async waitReady(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (this.exited) {
        throw new Error(`kube-apiserver ${this.exited} before it was ready:\n${this.logTail()}`);
      }
      try {
        const res = await this.request('GET', '/readyz');
        if (res.status === 200) {
          return;
        }
      } catch {
        // Not listening yet.
      }
      if (Date.now() > deadline) {
        throw new Error(`kube-apiserver not ready after ${timeoutMs / 1000}s:\n${this.logTail()}`);
      }
      await sleep(250);
    }
  }

  private async stopProcess(): Promise<void> {
    if (this.exited) {
      return;
    }
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    // Closing stdin is the server's signal to shut down (a second signal would make it exit
    // without cleaning up); SIGTERM and SIGKILL only if it is stuck.
    this.child.stdin!.end();
    const term = setTimeout(() => this.child.kill('SIGTERM'), 15_000);
    const kill = setTimeout(() => this.child.kill('SIGKILL'), 30_000);
    await exited;
    clearTimeout(term);
    clearTimeout(kill);
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as net.AddressInfo).port;
      server.close(() => resolve(port));
    });
  });
}
