import { Duration, type RemovalPolicy, Validations } from 'aws-cdk-lib';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';

/** SQS keeps dead letters this long (its maximum), so nothing expires before someone looks. */
const DEAD_LETTER_RETENTION = Duration.days(14);

export interface QueueOptions {
  readonly encryptionKey: IKey | undefined;
  readonly maxReceiveCount: number;
  readonly removalPolicy: RemovalPolicy;
  /** Must be at least six times the consumer's timeout, as Lambda's SQS integration advises. */
  readonly visibilityTimeout?: Duration;
}

/** A dead-letter queue: encrypted, TLS only, 14 days' retention. */
export function deadLetterQueue(
  scope: Construct,
  id: string,
  options: Omit<QueueOptions, 'maxReceiveCount'>,
): Queue {
  const queue = new Queue(scope, id, {
    ...encryption(options.encryptionKey),
    enforceSSL: true,
    retentionPeriod: DEAD_LETTER_RETENTION,
    removalPolicy: options.removalPolicy,
  });
  Validations.of(queue).acknowledge({
    id: 'AwsSolutions-SQS3',
    reason:
      'This queue is itself a dead-letter queue (of a queue, a Lambda event source or an EventBridge target).',
  });
  return queue;
}

/** A work queue with its own dead-letter queue: nothing is lost, nothing is retried forever. */
export function queueWithDeadLetter(scope: Construct, id: string, options: QueueOptions) {
  const deadLetters = deadLetterQueue(scope, `${id}DeadLetters`, options);
  const queue = new Queue(scope, id, {
    ...encryption(options.encryptionKey),
    enforceSSL: true,
    removalPolicy: options.removalPolicy,
    ...(options.visibilityTimeout ? { visibilityTimeout: options.visibilityTimeout } : {}),
    deadLetterQueue: { queue: deadLetters, maxReceiveCount: options.maxReceiveCount },
  });
  return { queue, deadLetters };
}

function encryption(key: IKey | undefined) {
  return key
    ? { encryption: QueueEncryption.KMS, encryptionMasterKey: key }
    : { encryption: QueueEncryption.SQS_MANAGED };
}
