import { describe, expect, it } from 'vitest';
import { REDRIVE_WINDOW_MS, redriveRefusal, resumePoint } from '../../../local/cloud/redrive-rules.ts';
import type { HistoryEntry } from '../../../local/engine/history.ts';
import type { StateMachineDefinition } from '../../../statemachines/compiler/asl.ts';

const now = new Date('2026-12-02T12:00:00Z');
const execution = (status: string, stoppedMsAgo: number) => ({
  executionArn: 'arn:aws:states:us-east-1:1:execution:M:e',
  status,
  stopDate: new Date(now.getTime() - stoppedMsAgo),
});

describe('which executions Step Functions redrives', () => {
  it('redrives one that failed, timed out or was aborted within 14 days', () => {
    for (const status of ['FAILED', 'TIMED_OUT', 'ABORTED'])
      expect(redriveRefusal(execution(status, REDRIVE_WINDOW_MS - 1_000), now)).toBeUndefined();
  });

  it('refuses one that succeeded or still runs, naming its status', () => {
    expect(redriveRefusal(execution('SUCCEEDED', 0), now)).toContain('is SUCCEEDED');
    expect(redriveRefusal(execution('RUNNING', 0), now)).toContain('is RUNNING');
  });

  it('refuses one that ended more than 14 days ago', () => {
    expect(redriveRefusal(execution('FAILED', REDRIVE_WINDOW_MS + 1_000), now)).toContain('14 days');
  });
});

describe('where a redrive resumes', () => {
  const definition = {
    StartAt: 'A',
    States: {
      A: { Type: 'Task', Resource: 'arn:a', Next: 'G' },
      G: { Type: 'Parallel', Branches: [{ StartAt: 'M', States: { M: { Type: 'Succeed' } } }], End: true },
    },
  } as unknown as StateMachineDefinition;
  const entered = (state: string, input: unknown): HistoryEntry => ({
    event: 'entered',
    state,
    role: 'action',
    atMs: 0,
    input,
  });

  it('is the last top-level state the execution entered, with the input it entered it with', () => {
    // Arrange: the member M ran inside G; G is what resumes
    const history = [entered('A', { n: 1 }), entered('G', { n: 2 }), entered('M', { n: 3 })];
    // Act / Assert
    expect(resumePoint(definition, history)).toEqual({ state: 'G', input: { n: 2 } });
  });

  it('is nothing for an execution that never entered a state', () => {
    expect(resumePoint(definition, [])).toBeUndefined();
  });
});
