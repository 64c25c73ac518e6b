/** DynamoDB's refusal of a write whose condition does not hold. */
const CONDITIONAL_CHECK_FAILED = 'ConditionalCheckFailedException';

/**
 * Awaits a conditional write: `true` when it was applied, `false` when its condition refused it.
 * Any other failure is thrown.
 */
export async function appliedUnlessRefused(write: Promise<unknown>): Promise<boolean> {
  try {
    await write;
    return true;
  } catch (error) {
    if (error instanceof Error && error.name === CONDITIONAL_CHECK_FAILED) return false;
    throw error;
  }
}
