/**
 * The variables Lambda's Node.js runtime sets that turn tracing on in a function: Powertools'
 * Tracer is enabled only when `AWS_EXECUTION_ENV` is set (it stays off elsewhere), and
 * aws-xray-sdk-core runs in its Lambda mode — a facade segment per invocation built from
 * `_X_AMZN_TRACE_ID`, each subsegment sent as it closes — when `LAMBDA_TASK_ROOT` is set; both
 * send to `AWS_XRAY_DAEMON_ADDRESS`. Invocations without a trace header (a queue's, a stream's)
 * send nothing, quietly (`AWS_XRAY_CONTEXT_MISSING`).
 * @see https://docs.aws.amazon.com/lambda/latest/dg/configuration-envvars.html#configuration-envvars-runtime
 */
export function lambdaTracingEnvironment(daemonAddress: string): Record<string, string> {
  return {
    AWS_EXECUTION_ENV: LOCAL_EXECUTION_ENV,
    LAMBDA_TASK_ROOT: LOCAL_TASK_ROOT,
    AWS_XRAY_DAEMON_ADDRESS: daemonAddress,
    AWS_XRAY_CONTEXT_MISSING: 'IGNORE_ERROR',
  };
}

/** What Lambda's Node.js 22 runtime says it is. */
const LOCAL_EXECUTION_ENV = 'AWS_Lambda_nodejs22.x';
/** Where Lambda puts a function's code; nothing here reads files from it. */
const LOCAL_TASK_ROOT = '/var/task';
