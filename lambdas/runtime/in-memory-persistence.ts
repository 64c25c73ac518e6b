import {
  IdempotencyItemAlreadyExistsError,
  IdempotencyItemNotFoundError,
  IdempotencyRecordStatus,
} from '@aws-lambda-powertools/idempotency';
import { BasePersistenceLayer, type IdempotencyRecord } from '@aws-lambda-powertools/idempotency/persistence';

/**
 * A Powertools idempotency persistence layer kept in a `Map`: Powertools' own idempotency logic
 * (keys, hashing, payload validation, replays) without a table or a network. Its records live as
 * long as the process, so it deduplicates only invocations within one process: for benchmarks and
 * single-process local runs, never for a deployed function.
 * @see https://docs.powertools.aws.dev/lambda/typescript/latest/utilities/idempotency/#bring-your-own-persistent-store
 */
export class InMemoryPersistenceLayer extends BasePersistenceLayer {
  private readonly records = new Map<string, IdempotencyRecord>();

  /** Stores a record unless a live one holds the key (same rule as the DynamoDB layer's condition). */
  protected async _putRecord(record: IdempotencyRecord): Promise<void> {
    const existing = this.records.get(record.idempotencyKey);
    if (existing && isLive(existing)) {
      throw new IdempotencyItemAlreadyExistsError(`record exists: ${record.idempotencyKey}`, existing);
    }
    this.records.set(record.idempotencyKey, record);
  }

  protected async _getRecord(idempotencyKey: string): Promise<IdempotencyRecord> {
    const record = this.records.get(idempotencyKey);
    if (!record) throw new IdempotencyItemNotFoundError();
    return record;
  }

  protected async _updateRecord(record: IdempotencyRecord): Promise<void> {
    this.records.set(record.idempotencyKey, record);
  }

  protected async _deleteRecord(record: IdempotencyRecord): Promise<void> {
    this.records.delete(record.idempotencyKey);
  }
}

/** Not expired, and not an in-progress record whose in-progress expiry has passed. */
function isLive(record: IdempotencyRecord): boolean {
  if (record.getStatus() === IdempotencyRecordStatus.EXPIRED) return false;
  const inProgressExpiry = record.inProgressExpiryTimestamp;
  const abandoned =
    record.getStatus() === IdempotencyRecordStatus.INPROGRESS &&
    inProgressExpiry !== undefined &&
    inProgressExpiry < Date.now();
  return !abandoned;
}
