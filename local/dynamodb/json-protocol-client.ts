import { Agent, request } from 'node:http';
import type { EngineDynamoDb } from '../engine/engine-dynamodb.ts';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from './dynamo-db-local.ts';

/** A DynamoDB error as the JSON protocol returns it: the exception's name and message. */
export class DynamoDbLocalError extends Error {
  constructor(name: string, message: string) {
    super(message);
    this.name = name;
  }
}

/** The fixed header DynamoDB Local requires and does not verify. */
const AUTHORIZATION = `AWS4-HMAC-SHA256 Credential=${LOCAL_CREDENTIALS.accessKeyId}/20260101/${LOCAL_REGION}/dynamodb/aws4_request, SignedHeaders=host, Signature=0`;

/**
 * The engine's DynamoDB calls to a loopback DynamoDB Local as plain JSON-protocol requests over one
 * keep-alive connection pool. Written by hand because the SDK's middleware stack, serializers and
 * signing cost more CPU per local call than DynamoDB Local itself (measured in
 * bench/test-environment.ts); the wire format is DynamoDB's documented JSON protocol, and requests
 * and responses are the SDK's own shapes. Only for DynamoDB Local.
 * @see https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Programming.LowLevelAPI.html
 */
export function dynamoDbLocalJson(endpoint: string): EngineDynamoDb & { close(): void } {
  const url = new URL(endpoint);
  const agent = new Agent({ keepAlive: true, maxSockets: 32 });
  const call = (action: string, input: object) =>
    new Promise<object>((resolve, reject) => {
      const body = JSON.stringify(input);
      const outgoing = request(
        {
          host: url.hostname,
          port: url.port,
          method: 'POST',
          path: '/',
          agent,
          headers: {
            'content-type': 'application/x-amz-json-1.0',
            'content-length': Buffer.byteLength(body),
            'x-amz-target': `DynamoDB_20120810.${action}`,
            'x-amz-date': '20260101T000000Z',
            authorization: AUTHORIZATION,
          },
        },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            const parsed = text ? (JSON.parse(text) as Record<string, unknown>) : {};
            if ((response.statusCode ?? 500) < 300) return resolve(parsed);
            const type = String(parsed.__type ?? 'InternalServerError');
            reject(
              new DynamoDbLocalError(
                type.slice(type.lastIndexOf('#') + 1),
                String(parsed.message ?? parsed.Message ?? text),
              ),
            );
          });
          response.on('error', reject);
        },
      );
      outgoing.on('error', reject);
      outgoing.end(body);
    });
  return {
    putItem: (input) => call('PutItem', input),
    updateItem: (input) => call('UpdateItem', input),
    deleteItem: (input) => call('DeleteItem', input),
    getItem: (input) => call('GetItem', input),
    close: () => agent.destroy(),
  };
}
