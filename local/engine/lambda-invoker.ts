import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Context } from 'aws-lambda';
import type { LambdaTarget } from '../../statemachines/definition/task-target.ts';

/** How much later than its task's timeout a function's own deadline is (as the CDK construct deploys it). */
const LOCAL_LAMBDA_TIMEOUT_MARGIN_SECONDS = 5;

/** A step handler as Lambda calls it. */
export type StepHandler = (event: unknown, context: Context) => Promise<unknown>;

/**
 * An error as Step Functions reports a failed Lambda invocation: `Error` is the function's
 * `errorType` (the thrown error's `name`), `Cause` the JSON Lambda returns.
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/concepts-error-handling.html
 */
export class LambdaInvocationFailure extends Error {
  constructor(errorType: string, errorMessage: string) {
    super(JSON.stringify({ errorType, errorMessage }));
    this.name = errorType;
  }
}

/** Loads a handler module the way Lambda would: the entry's named export. */
export async function loadHandler(target: LambdaTarget, rootDir: string): Promise<StepHandler> {
  const module: Record<string, unknown> = await import(pathToFileURL(resolve(rootDir, target.entry)).href);
  const handler = module[target.exportName];
  if (typeof handler !== 'function') {
    throw new Error(`${target.entry} has no export "${target.exportName}" that is a function`);
  }
  return handler as StepHandler;
}

/** Calls a handler in-process with a Lambda-shaped context, turning a throw into Lambda's error shape. */
export async function invokeHandler(
  handler: StepHandler,
  target: LambdaTarget,
  event: unknown,
  timeoutSeconds: number,
): Promise<unknown> {
  // As deployed, the function's own timeout is later than the task's (see
  // LAMBDA_TIMEOUT_MARGIN_SECONDS), so the task's timeout fires first.
  const deadline = Date.now() + (timeoutSeconds + LOCAL_LAMBDA_TIMEOUT_MARGIN_SECONDS) * 1000;
  try {
    return await handler(event, lambdaContext(target, deadline));
  } catch (error) {
    const errorType = error instanceof Error ? error.name : 'Error';
    const errorMessage = error instanceof Error ? error.message : String(error);
    throw new LambdaInvocationFailure(errorType, errorMessage);
  }
}

function lambdaContext(target: LambdaTarget, deadline: number): Context {
  const functionName = target.functionId;
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:us-east-1:000000000000:function:${functionName}`,
    memoryLimitInMB: '256',
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: 'local',
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}
