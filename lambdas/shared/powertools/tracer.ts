import { Tracer } from '@aws-lambda-powertools/tracer';

/**
 * The project's one Powertools Tracer (AWS X-Ray). It is active only inside Lambda with active
 * tracing; elsewhere (tests, the local engine) its calls do nothing. Service name from
 * `POWERTOOLS_SERVICE_NAME`.
 * @see https://docs.powertools.aws.dev/lambda/typescript/latest/core/tracer/
 */
export const tracer = new Tracer();
