import { describe, expect, it } from 'vitest';
import {
  DEFAULT_COMPENSATION_TIMEOUT_SECONDS,
  DEFAULT_RETENTION_DAYS,
  DEFAULT_SAGA_TIMEOUT_SECONDS,
  DEFAULT_STEP_TIMEOUT_SECONDS,
} from '../../statemachines/definition/defaults.ts';
import {
  compileSaga,
  defineSaga,
  dynamoDb,
  exponentialBackoff,
  fixedInterval,
  lambda,
  NO_COMPENSATION,
  parallel,
  RetryPolicies,
  SagaDefinitionError,
  type SagaSpec,
  type StepSpec,
} from '../../statemachines/index.ts';

const step = (name: string, extra: Partial<StepSpec> = {}): StepSpec => ({
  name,
  action: lambda(`handlers/${name}.ts`, { functionId: name }),
  compensation: lambda(`handlers/undo-${name}.ts`, { functionId: `Undo${name}` }),
  ...extra,
});
const saga = (steps: SagaSpec['steps'], extra: Partial<SagaSpec> = {}): SagaSpec => ({
  name: 'Orders',
  steps,
  ...extra,
});

function problemsOf(spec: SagaSpec) {
  try {
    defineSaga(spec);
  } catch (error) {
    if (error instanceof SagaDefinitionError) return { error, problems: error.problems };
    throw error;
  }
  throw new Error('defineSaga accepted the definition');
}

describe('defineSaga defaults', () => {
  it("fills in the brief's defaults", () => {
    // Act
    const defined = defineSaga(
      saga([
        step('A'),
        { name: 'Ship', action: lambda('h/ship.ts'), pivot: true },
        { name: 'Mail', action: lambda('h/mail.ts') },
      ]),
    );
    // Assert
    expect(defined.timeoutSeconds).toBe(DEFAULT_SAGA_TIMEOUT_SECONDS);
    expect(defined.retentionDays).toBe(DEFAULT_RETENTION_DAYS);
    const [first, ship, mail] = defined.units;
    expect(first).toMatchObject({
      retry: RetryPolicies.default,
      compensationRetry: RetryPolicies.critical,
      timeoutSeconds: DEFAULT_STEP_TIMEOUT_SECONDS,
      compensationTimeoutSeconds: DEFAULT_COMPENSATION_TIMEOUT_SECONDS,
      terminalErrors: ['SagaTerminalError'],
      forwardOnly: false,
    });
    expect(ship).toMatchObject({ pivot: true, forwardOnly: false, compensation: undefined });
    expect(mail).toMatchObject({ forwardOnly: true, retry: RetryPolicies.critical });
  });

  it('gives two exports of one handler module two functions', () => {
    // Act
    const defined = defineSaga(
      saga([
        {
          name: 'Pay',
          action: lambda('h/payments.ts', { exportName: 'charge' }),
          compensation: lambda('h/payments.ts', { exportName: 'refund' }),
        },
      ]),
    );
    // Assert
    expect(defined.units[0]).toMatchObject({
      action: { functionId: 'PaymentsCharge', exportName: 'charge' },
      compensation: { functionId: 'PaymentsRefund', exportName: 'refund' },
    });
  });

  it('matches the brief: default 5 attempts 1 s→2 min ×2 with jitter; critical 10 attempts up to 5 min; fastFail 2', () => {
    expect(RetryPolicies.default).toMatchObject({
      maxAttempts: 5,
      initialIntervalSeconds: 1,
      maxIntervalSeconds: 120,
      multiplier: 2,
      jitter: true,
    });
    expect(RetryPolicies.critical).toMatchObject({ maxAttempts: 10, maxIntervalSeconds: 300, jitter: true });
    expect(RetryPolicies.fastFail).toMatchObject({ kind: 'fixed', maxAttempts: 2 });
  });
});

describe('defineSaga validation', () => {
  const cases: { name: string; spec: SagaSpec; step?: string; field: string; says: RegExp }[] = [
    { name: 'an empty saga', spec: saga([]), field: 'steps', says: /at least one step/ },
    {
      name: 'a saga name with spaces',
      spec: { name: 'my saga', steps: [step('A')] },
      field: 'name',
      says: /start with a letter/,
    },
    {
      name: 'a duplicate step name',
      spec: saga([step('A'), step('A')]),
      step: 'A',
      field: 'name',
      says: /used twice/,
    },
    {
      name: 'a step name with a space',
      spec: saga([step('Charge card')]),
      step: 'Charge card',
      field: 'name',
      says: /letters, digits/,
    },
    {
      name: 'an over-long step name',
      spec: saga([step('A'.repeat(49))]),
      step: 'A'.repeat(49),
      field: 'name',
      says: /49 characters.*80/,
    },
    {
      name: 'a step without a compensation',
      spec: saga([{ name: 'A', action: lambda('h/a.ts') }]),
      step: 'A',
      field: 'compensation',
      says: /missing.*NO_COMPENSATION/,
    },
    {
      name: 'a compensation after the pivot',
      spec: saga([step('A'), { name: 'Ship', action: lambda('h/ship.ts'), pivot: true }, step('Mail')]),
      step: 'Mail',
      field: 'compensation',
      says: /after the pivot/,
    },
    {
      name: 'a pivot with a compensation',
      spec: saga([step('Ship', { pivot: true })]),
      step: 'Ship',
      field: 'compensation',
      says: /cannot be undone/,
    },
    {
      name: 'a second pivot',
      spec: saga([
        { name: 'P1', action: lambda('h/p1.ts'), pivot: true },
        { name: 'P2', action: lambda('h/p2.ts'), pivot: true },
      ]),
      step: 'P2',
      field: 'pivot',
      says: /at most one pivot/,
    },
    {
      name: 'a pivot inside a group',
      spec: saga([parallel('G', [step('A'), { name: 'Ship', action: lambda('h/ship.ts'), pivot: true }])]),
      step: 'Ship',
      field: 'pivot',
      says: /inside parallel group "G"/,
    },
    {
      name: 'a group of one',
      spec: saga([parallel('G', [step('A')])]),
      step: 'G',
      field: 'steps',
      says: /at least two steps/,
    },
    {
      name: 'zero attempts',
      spec: saga([step('A', { retry: fixedInterval('broken', { maxAttempts: 0, intervalSeconds: 1 }) })]),
      step: 'A',
      field: 'retry.maxAttempts',
      says: /from 1 to 1000/,
    },
    {
      name: 'a sub-second interval',
      spec: saga([step('A', { retry: fixedInterval('quick', { maxAttempts: 2, intervalSeconds: 0.1 }) })]),
      step: 'A',
      field: 'retry.intervalSeconds',
      says: /whole seconds/,
    },
    {
      name: 'a max interval below the initial one',
      spec: saga([
        step('A', {
          retry: exponentialBackoff('odd', {
            maxAttempts: 3,
            initialIntervalSeconds: 10,
            maxIntervalSeconds: 5,
            multiplier: 2,
            jitter: false,
          }),
        }),
      ]),
      step: 'A',
      field: 'retry.maxIntervalSeconds',
      says: /shorter than initialIntervalSeconds/,
    },
    {
      name: 'a shrinking multiplier',
      spec: saga([
        step('A', {
          compensationRetry: exponentialBackoff('shrink', {
            maxAttempts: 3,
            initialIntervalSeconds: 1,
            maxIntervalSeconds: 5,
            multiplier: 0.5,
            jitter: false,
          }),
        }),
      ]),
      step: 'A',
      field: 'compensationRetry.multiplier',
      says: /from 1/,
    },
    {
      name: 'a saga timeout shorter than a step timeout',
      spec: saga([step('A', { timeoutSeconds: 120 })], { timeoutSeconds: 60 }),
      step: 'A',
      field: 'timeoutSeconds',
      says: /longer than the whole saga's timeoutSeconds \(60\)/,
    },
    {
      name: 'a fractional step timeout',
      spec: saga([step('A', { timeoutSeconds: 1.5 })]),
      step: 'A',
      field: 'timeoutSeconds',
      says: /whole seconds/,
    },
    {
      name: 'compensateOnTimeout without a compensation',
      spec: saga([
        { name: 'A', action: lambda('h/a.ts'), compensation: NO_COMPENSATION, compensateOnTimeout: true },
      ]),
      step: 'A',
      field: 'compensateOnTimeout',
      says: /no compensation/,
    },
    {
      name: 'States.ALL as a terminal error',
      spec: saga([step('A', { terminalErrors: ['States.ALL'] })]),
      step: 'A',
      field: 'terminalErrors',
      says: /turn retries off/,
    },
    {
      name: 'two handler modules with one function id',
      spec: saga([
        step('A'),
        { name: 'B', action: lambda('other/a.ts', { functionId: 'A' }), compensation: NO_COMPENSATION },
      ]),
      step: 'B',
      field: 'action.functionId',
      says: /already the id of handler "handlers\/A.ts#handler"/,
    },
    {
      name: 'a DynamoDB step naming its table',
      spec: saga([step('A', { action: dynamoDb.putItem('Orders', { TableName: 'prod-orders', Item: {} }) })]),
      step: 'A',
      field: 'action.parameters.TableName',
      says: /bound by the deployment/,
    },
    {
      name: 'a saga whose worst case exceeds the history limit',
      spec: saga(
        Array.from({ length: 25 }, (_, index) =>
          step(`S${index}`, {
            retry: fixedInterval('many', { maxAttempts: 400, intervalSeconds: 1 }),
            compensationRetry: RetryPolicies.none,
          }),
        ),
      ),
      field: 'retry.maxAttempts',
      says: /history events, over Step Functions' 25000/,
    },
    {
      name: 'a saga whose payload can exceed 256 KB',
      spec: saga([step('A', { maxOutputBytes: 200_000 }), step('B', { maxOutputBytes: 100_000 })]),
      field: 'maxOutputBytes',
      says: /262144-byte payload/,
    },
  ];

  it.each(cases)(
    'rejects $name with a message that names the field and the fix',
    ({ spec, step: stepName, field, says }) => {
      // Act
      const { error, problems } = problemsOf(spec);
      // Assert
      const problem = problems.find((found) => found.field === field);
      expect(problem).toBeDefined();
      expect(problem?.saga).toBe(spec.name);
      if (stepName !== undefined) expect(problem?.step).toBe(stepName);
      expect(`${problem?.problem}. Fix: ${problem?.fix}`).toMatch(says);
      expect(error.message).toContain(`field "${field}"`);
      expect(error.message).toContain('Fix: ');
    },
  );

  it('reports every problem at once, each on its own line', () => {
    // Act
    const { error, problems } = problemsOf(
      saga([{ name: 'A', action: lambda('h/a.ts') }, step('A', { timeoutSeconds: 0 })]),
    );
    // Assert
    // (the first step's handler 'h/a.ts' also takes function id "A", which the second step's handler uses)
    expect(problems.map((problem) => problem.field)).toEqual([
      'compensation',
      'timeoutSeconds',
      'name',
      'action.functionId',
    ]);
    expect(error.message.split('\n')).toHaveLength(4);
    expect(error.message).toMatch(/^Saga "Orders", step "A", field "compensation": is missing/);
  });

  it('rejects a definition over 1 MB at compile time', async () => {
    // Arrange: many steps with long names and no retries, so the history limit is not hit first
    const { compileSaga } = await import('../../statemachines/index.ts');
    const steps = Array.from({ length: 500 }, (_, index) =>
      step(`Step${String(index).padStart(3, '0')}${'x'.repeat(40)}`, {
        retry: RetryPolicies.none,
        compensationRetry: RetryPolicies.none,
        maxOutputBytes: 1,
      }),
    );
    const big = defineSaga(saga(steps, { maxInputBytes: 1 }));
    // Act + Assert
    expect(() => compileSaga(big)).toThrow(/compiled definition is \d+ bytes, over Step Functions' 1048576/);
  });
});

describe('a saga can only come from defineSaga', () => {
  it('compileSaga refuses a hand-made object that looks like a saga', () => {
    // Arrange: the shape of a resolved saga, never validated.
    const resolved = defineSaga(saga([step('Reserve'), step('Charge')]));
    const handMade = { ...resolved };

    // Act / Assert
    expect(() => compileSaga(handMade as never)).toThrow(/compileSaga: expected a saga from defineSaga/);
  });

  it('compileSaga accepts what defineSaga returned', () => {
    const resolved = defineSaga(saga([step('Reserve'), step('Charge')]));

    expect(compileSaga(resolved).StartAt).toBe('Reserve');
  });

  it('freezes the saga it returns, so what was validated cannot change', () => {
    const resolved = defineSaga(saga([step('Reserve'), step('Charge')]));

    expect(() => {
      (resolved.units as unknown[]).push('anything');
    }).toThrow(TypeError);
    expect(Object.isFrozen(resolved.units[0])).toBe(true);
  });
});
