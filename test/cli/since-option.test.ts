import { describe, expect, it } from 'vitest';
import { UsageError } from '../../cli/command.ts';
import { sinceTime } from '../../cli/operations/since-option.ts';
import { statusesOption } from '../../cli/operations/status-option.ts';

const NOW = new Date('2026-12-02T12:00:00.000Z');

describe('--since', () => {
  it.each([
    ['90s', '2026-12-02T11:58:30.000Z'],
    ['30m', '2026-12-02T11:30:00.000Z'],
    ['1h', '2026-12-02T11:00:00.000Z'],
    ['1.5h', '2026-12-02T10:30:00.000Z'],
    ['7d', '2026-11-25T12:00:00.000Z'],
    ['2026-12-01T09:00:00Z', '2026-12-01T09:00:00.000Z'],
  ])('reads %s as %s', (value, expected) => {
    // Act
    const since = sinceTime(value, NOW);
    // Assert
    expect(since.toISOString()).toBe(expected);
  });

  it('refuses what is neither a duration nor a time, naming the forms it takes', () => {
    // Act
    const read = () => sinceTime('1 week', NOW);
    // Assert
    expect(read).toThrow(UsageError);
    expect(read).toThrow('write 90s, 30m, 1h, 7d, or an ISO time');
  });
});

describe('--status', () => {
  it('takes repeated and comma-separated statuses in any case, and open for the open ones', () => {
    // Act
    const statuses = statusesOption(['failed,timed-out', 'open', 'FAILED']);
    // Assert
    expect(statuses).toEqual(['FAILED', 'TIMED_OUT', 'RUNNING', 'COMPENSATING']);
  });

  it('means every status when absent', () => {
    // Act
    const statuses = statusesOption(undefined);
    // Assert
    expect(statuses).toHaveLength(8);
  });
});
