import { describe, expect, it } from 'vitest';
import { diffSagas } from '../../../statemachines/diff/saga-diff.ts';
import { sagaShape } from '../../../statemachines/diff/saga-shape.ts';
import {
  defineSaga,
  dynamoDb,
  lambda,
  parallel,
  RetryPolicies,
  type SagaSpec,
  type StepSpec,
} from '../../../statemachines/index.ts';

/** A compensable step: `src/<name>.ts`, undone by `src/undo-<name>.ts`. */
const step = (name: string, extra: Partial<StepSpec> = {}): StepSpec => ({
  name,
  action: lambda(`src/${name.toLowerCase()}.ts`),
  compensation: lambda(`src/undo-${name.toLowerCase()}.ts`),
  ...extra,
});
/** A step with no compensation: the pivot, or one after it. */
const forward = (name: string, extra: Partial<StepSpec> = {}): StepSpec => ({
  name,
  action: lambda(`src/${name.toLowerCase()}.ts`),
  ...extra,
});
const orders = (steps: SagaSpec['steps'], extra: Partial<SagaSpec> = {}) =>
  sagaShape(defineSaga({ name: 'Orders', steps, ...extra }));
const base = () => [step('Reserve'), step('Charge'), forward('Ship', { pivot: true }), forward('Notify')];
const diff = (after: SagaSpec['steps'], extra: Partial<SagaSpec> = {}) =>
  diffSagas(orders(base()), orders(after, extra));

describe('saga diff', () => {
  it('finds nothing between a saga and itself', () => {
    expect(diff(base())).toEqual([]);
  });

  it('says an added step is safe: sagas in flight never run it', () => {
    // Act
    const changes = diff([step('Reserve'), step('Check'), ...base().slice(1)]);
    // Assert
    expect(changes).toEqual([
      {
        kind: 'step added',
        step: 'Check',
        detail: 'Check at position 2',
        severity: 'safe',
        impact: 'in-flight sagas never run it (their definition has no such step); new sagas do',
      },
    ]);
  });

  it('says a removed step whose functions are no longer deployed breaks sagas in flight that reach or undo it', () => {
    // Act
    const [change] = diff([step('Reserve'), base()[2] as StepSpec, base()[3] as StepSpec]);
    // Assert
    expect(change).toMatchObject({ kind: 'step removed', step: 'Charge', severity: 'breaking' });
    expect(change?.impact).toContain('function Charge and function UndoCharge will no longer be deployed');
  });

  it('recognises a renamed step by its action, and a reorder', () => {
    // Act
    const renamed = diff([step('Reserve'), { ...step('Charge'), name: 'TakePayment' }, ...base().slice(2)]);
    const reordered = diff([step('Charge'), step('Reserve'), ...base().slice(2)]);
    // Assert
    expect(renamed.map((change) => [change.kind, change.detail, change.severity])).toEqual([
      ['step renamed', 'Charge → TakePayment', 'caution'],
    ]);
    expect(reordered).toEqual([
      expect.objectContaining({
        kind: 'steps reordered',
        detail: 'Reserve, Charge, Ship, Notify → Charge, Reserve, Ship, Notify',
        severity: 'caution',
      }),
    ]);
  });

  it('says a compensation moved to another function breaks rollbacks in flight until the old one is gone no more', () => {
    // Act
    const changes = diff([
      step('Reserve'),
      step('Charge', { compensation: lambda('src/refund-v2.ts') }),
      ...base().slice(2),
    ]);
    // Assert
    expect(changes).toEqual([
      expect.objectContaining({
        kind: 'compensation changed',
        step: 'Charge',
        detail: 'lambda:UndoCharge → lambda:RefundV2',
        severity: 'breaking',
        impact: expect.stringContaining('keep that function deployed until they end'),
      }),
    ]);
  });

  it('reports an action that changed target, a pivot that moved, and changed retries, timeouts and budgets', () => {
    // Act
    const changes = diff(
      [
        step('Reserve', { action: dynamoDb.updateItem('Stock', { Key: {} }) }),
        forward('Charge', { pivot: true }),
        forward('Ship', { retry: RetryPolicies.fastFail }),
        forward('Notify', { timeoutSeconds: 10 }),
      ],
      { timeoutSeconds: 600 },
    );
    // Assert
    expect(changes.map((change) => [change.kind, change.step, change.severity])).toEqual([
      ['action changed', 'Reserve', 'caution'],
      ['compensation changed', 'Charge', 'breaking'],
      ['pivot moved', 'Charge', 'caution'],
      ['pivot moved', 'Ship', 'caution'],
      ['retry changed', 'Ship', 'safe'],
      ['timeout changed', 'Notify', 'safe'],
      ['saga budget changed', undefined, 'safe'],
    ]);
    expect(changes.find((change) => change.kind === 'pivot moved' && change.step === 'Charge')?.detail).toBe(
      'compensable → the pivot',
    );
  });

  it('places the members of a parallel group at their group', () => {
    // Act
    const changes = diffSagas(
      orders([
        step('Reserve'),
        parallel('Pay', [step('Card'), step('Points'), step('Voucher')]),
        base()[2] as StepSpec,
      ]),
      orders([step('Reserve'), parallel('Pay', [step('Card'), step('Voucher')]), base()[2] as StepSpec]),
    );
    // Assert
    expect(changes.map((change) => [change.kind, change.detail])).toEqual([
      ['step removed', 'Points (position 2)'],
    ]);
  });
});
