import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { TemplateResource } from './cloud-template.ts';

/** A function of the template, ready to run its bundle from the cloud assembly. */
export interface LocalFunctionSpec {
  readonly name: string;
  /** The bundle file, e.g. `cdk.out/asset.<hash>/index.mjs`. */
  readonly file: string;
  readonly exportName: string;
  readonly environment: Readonly<Record<string, string>>;
  readonly timeoutSeconds: number;
  readonly memorySize: number;
}

/** How a Lambda invocation failed, as Lambda reports it. */
export class LocalInvocationError extends Error {
  constructor(
    readonly errorType: string,
    readonly errorMessage: string,
  ) {
    super(JSON.stringify({ errorType, errorMessage }));
    this.name = errorType;
  }
}

/** Reads where a function's bundle is from its template entry (the CLI's asset metadata). */
export function functionSpecOf(
  name: string,
  resource: TemplateResource,
  assemblyDir: string,
  environment: Record<string, string>,
): LocalFunctionSpec {
  const assetPath = resource.Metadata?.['aws:asset:path'];
  if (typeof assetPath !== 'string') {
    throw new Error(
      `Function ${name} has no aws:asset:path metadata: synthesize with asset metadata on (the CDK CLI default)`,
    );
  }
  const props = resource.Properties ?? {};
  const [module = 'index', exportName = 'handler'] = String(props.Handler ?? 'index.handler').split('.');
  return {
    name,
    file: join(assemblyDir, assetPath, `${module}.mjs`),
    exportName,
    environment,
    timeoutSeconds: Number(props.Timeout ?? 3),
    memorySize: Number(props.MemorySize ?? 128),
  };
}

/**
 * Runs the template's functions in-process, each in its own worker thread so each sees exactly the
 * environment the template gives it (plus the local endpoints). Invocations are concurrent, as in
 * Lambda; a function's timeout is enforced by the caller's clock.
 */
export class LambdaHost {
  private readonly workers = new Map<string, { worker: Worker; ready: Promise<void> }>();
  /** Workers of code a deploy replaced: they finish what they run and stop with the host. */
  private readonly retired: Worker[] = [];
  private readonly specs: Map<string, LocalFunctionSpec>;
  private readonly pending = new Map<
    number,
    { resolve: (value: unknown) => void; reject: (error: Error) => void }
  >();
  private nextId = 0;
  private readonly environmentUpdates = new Map<string, Record<string, string>>();
  readonly invocations: { functionName: string; failed: boolean; durationMs: number }[] = [];
  /** What the functions wrote to stdout and stderr (their CloudWatch Logs, locally), line by line. */
  readonly logs: { functionName: string; line: string }[] = [];

  constructor(
    specs: ReadonlyMap<string, LocalFunctionSpec>,
    private readonly sdkEnvironment: Readonly<Record<string, string>>,
  ) {
    this.specs = new Map(specs);
  }

  /**
   * Publishes a version of a function, as `AWS::Lambda::Version` does: a snapshot of its code and
   * configuration now, invoked as `<functionName>:<version>` (the last part of its ARN) however
   * the function changes later.
   */
  publishVersion(functionName: string, version: number): string {
    const spec = this.specs.get(functionName);
    if (!spec) throw new Error(`No local function ${functionName} to publish a version of`);
    const qualified = `${functionName}:${version}`;
    const environment = { ...spec.environment, ...this.environmentUpdates.get(functionName) };
    this.specs.set(qualified, { ...spec, name: qualified, environment });
    return qualified;
  }

  /**
   * Deploys functions' code and configuration (a template update): invocations of a function from
   * now on run the new spec; published versions keep theirs, and invocations under way finish.
   */
  deploy(specs: ReadonlyMap<string, LocalFunctionSpec>): void {
    for (const [name, spec] of specs) {
      const current = this.specs.get(name);
      if (current && JSON.stringify(current) === JSON.stringify(spec)) continue;
      this.specs.set(name, spec);
      const worker = this.workers.get(name);
      if (worker) this.retired.push(worker.worker);
      this.workers.delete(name);
    }
  }

  /**
   * Changes a function's environment variables, as Lambda's UpdateFunctionConfiguration does (the
   * given ones replace or add to the template's): its next invocation runs in a fresh sandbox with
   * them — e.g. a fix deployed before an operator redrives a saga.
   */
  async updateEnvironment(functionName: string, variables: Readonly<Record<string, string>>): Promise<void> {
    const spec = this.specs.get(functionName);
    if (!spec) throw new Error(`No local function ${functionName}`);
    this.environmentUpdates.set(functionName, { ...this.environmentUpdates.get(functionName), ...variables });
    const running = this.workers.get(functionName);
    this.workers.delete(functionName);
    await running?.worker.terminate();
  }

  /** The names of the functions this host runs. */
  functionNames(): string[] {
    return [...this.specs.keys()];
  }

  has(functionName: string): boolean {
    return this.specs.has(functionName);
  }

  /**
   * Invokes a function synchronously (RequestResponse); a thrown error becomes `LocalInvocationError`.
   * `traceHeader` is the caller's X-Ray trace header, the invocation's `_X_AMZN_TRACE_ID`.
   */
  async invoke(
    functionName: string,
    event: unknown,
    options: { readonly traceHeader?: string } = {},
  ): Promise<unknown> {
    const spec = this.specs.get(functionName);
    if (!spec) throw new Error(`No local function ${functionName}`);
    const { worker, ready } = this.workerFor(spec);
    await ready;
    const id = this.nextId++;
    const outcome = new Promise<unknown>((resolve, reject) => this.pending.set(id, { resolve, reject }));
    const startedAt = performance.now();
    worker.postMessage({
      id,
      event,
      timeoutMs: spec.timeoutSeconds * 1000,
      traceHeader: options.traceHeader,
    });
    // Lambda ends an invocation at the function's timeout; its late result is dropped.
    const timer = setTimeout(() => {
      this.pending
        .get(id)
        ?.reject(
          new LocalInvocationError('Sandbox.Timedout', `Task timed out after ${spec.timeoutSeconds} seconds`),
        );
      this.pending.delete(id);
    }, spec.timeoutSeconds * 1000);
    try {
      const result = await outcome;
      this.invocations.push({ functionName, failed: false, durationMs: performance.now() - startedAt });
      return result;
    } catch (error) {
      this.invocations.push({ functionName, failed: true, durationMs: performance.now() - startedAt });
      throw error;
    } finally {
      clearTimeout(timer);
    }
  }

  async stop(): Promise<void> {
    const workers = [...[...this.workers.values()].map(({ worker }) => worker), ...this.retired];
    await Promise.all(workers.map((worker) => worker.terminate()));
    this.workers.clear();
    this.retired.length = 0;
  }

  private workerFor(spec: LocalFunctionSpec) {
    const existing = this.workers.get(spec.name);
    if (existing) return existing;
    const worker = new Worker(new URL('./lambda-worker.mjs', import.meta.url), {
      workerData: {
        file: spec.file,
        exportName: spec.exportName,
        functionName: spec.name,
        memorySize: spec.memorySize,
      },
      env: {
        PATH: process.env.PATH ?? '',
        TZ: 'UTC',
        ...this.sdkEnvironment,
        ...spec.environment,
        ...this.environmentUpdates.get(spec.name),
      },
      stdout: true,
      stderr: true,
    });
    for (const stream of [worker.stdout, worker.stderr]) {
      let pending = '';
      stream.setEncoding('utf8');
      stream.on('data', (chunk: string) => {
        const lines = (pending + chunk).split('\n');
        pending = lines.pop() ?? '';
        for (const line of lines) if (line) this.logs.push({ functionName: spec.name, line });
      });
    }
    const ready = new Promise<void>((resolve, reject) => {
      worker.once('error', reject);
      worker.on(
        'message',
        (message: {
          ready?: true;
          id?: number;
          result?: unknown;
          error?: { errorType: string; errorMessage: string };
        }) => {
          if (message.ready) return resolve();
          const waiting = message.id === undefined ? undefined : this.pending.get(message.id);
          if (!waiting || message.id === undefined) return;
          this.pending.delete(message.id);
          if (message.error)
            waiting.reject(new LocalInvocationError(message.error.errorType, message.error.errorMessage));
          else waiting.resolve(message.result);
        },
      );
    });
    const entry = { worker, ready };
    this.workers.set(spec.name, entry);
    return entry;
  }
}
