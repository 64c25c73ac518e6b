// Runs one Lambda bundle inside a worker thread, with the function's own environment
// (`process.env` of a worker is its own copy). Messages in: { id, event, timeoutMs };
// `traceHeader` (optional) becomes the invocation's `_X_AMZN_TRACE_ID`, as Lambda sets it;
// messages out: { id, result } or { id, error: { errorType, errorMessage } }.
import { randomUUID } from 'node:crypto';
import { register } from 'node:module';
import { basename } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parentPort, workerData } from 'node:worker_threads';

const { file, exportName, functionName, memorySize } = workerData;
// Lambda names the handler in `_HANDLER` (X-Ray's `## <handler>` subsegment reads it).
process.env._HANDLER ??= `${basename(file, '.mjs')}.${exportName}`;
// The AWS SDK comes with Lambda's runtime, not with the bundle: resolve it from the project.
register(new URL('./lambda-runtime-modules.mjs', import.meta.url));
const handler = (await import(pathToFileURL(file).href))[exportName];
if (typeof handler !== 'function') throw new Error(`${file} has no export "${exportName}"`);

parentPort.on('message', async ({ id, event, timeoutMs, traceHeader }) => {
  const deadline = Date.now() + timeoutMs;
  if (traceHeader) process.env._X_AMZN_TRACE_ID = traceHeader;
  else delete process.env._X_AMZN_TRACE_ID;
  const context = {
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:${process.env.AWS_REGION}:000000000000:function:${functionName}`,
    memoryLimitInMB: String(memorySize),
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: 'local',
    callbackWaitsForEmptyEventLoop: false,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
  };
  try {
    parentPort.postMessage({ id, result: (await handler(event, context)) ?? null });
  } catch (error) {
    const errorType = error instanceof Error ? error.name : 'Error';
    const errorMessage = error instanceof Error ? error.message : String(error);
    parentPort.postMessage({ id, error: { errorType, errorMessage } });
  }
});
parentPort.postMessage({ ready: true });
