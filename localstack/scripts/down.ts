/**
 * `npm run localstack:down`: stops LocalStack and removes its container and volumes. LocalStack keeps
 * no state between runs here, so the next `localstack:up` starts empty and needs `localstack:deploy`.
 */
import {
  assertDockerAvailable,
  composeInvocation,
  definedEnv,
  type Invocation,
  isMainModule,
  runInvocation,
  runMain,
} from './invocation.ts';

/** `docker compose … down --volumes --remove-orphans`. */
export function downInvocation(env: Readonly<Record<string, string | undefined>>): Invocation {
  return composeInvocation(['down', '--volumes', '--remove-orphans'], definedEnv(env));
}

async function main(): Promise<void> {
  const invocation = downInvocation(process.env);
  assertDockerAvailable(invocation.env);
  runInvocation(invocation);
}

if (isMainModule(import.meta.url)) runMain(main);
