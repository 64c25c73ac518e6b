import { userInfo } from 'node:os';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { type SagaTarget, sdkSettings } from './saga-target.ts';

/**
 * Who runs the command, as the saga record keeps it (`cancelRequestedBy`, `abandonedBy`): the
 * caller's IAM ARN on AWS (STS GetCallerIdentity, which needs no permission), the local user on
 * the local cloud, which has no identities.
 */
export async function callerIdentity(target: SagaTarget): Promise<string> {
  if (target.kind === 'local cloud') return `local:${userInfo().username}`;
  try {
    const { Arn } = await new STSClient(sdkSettings(target.config)).send(new GetCallerIdentityCommand({}));
    if (Arn) return Arn;
  } catch (error) {
    if (target.kind === 'aws') throw error;
  }
  return `local:${userInfo().username}`;
}
