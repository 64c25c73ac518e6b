import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_RUNBOOK_URL } from '../../infra/constructs/private/runbook.ts';
import { headingAnchors, linkedAnchors } from '../support/markdown-anchors.ts';
import { orderSagaTemplate, resourcesOf } from './order-saga-template.ts';

/** The runbook the alarms link to, as it is in this repository. */
const runbook = readFileSync(resolve(import.meta.dirname, '../../docs/runbook.md'), 'utf8');

let descriptions: [string, string][];
beforeAll(() => {
  const { template } = orderSagaTemplate();
  descriptions = resourcesOf(template, 'AWS::CloudWatch::Alarm').map(([id, alarm]) => [
    id,
    String(alarm.Properties.AlarmDescription),
  ]);
}, 120_000);

describe('the runbook the alarms link to', () => {
  it('reads its headings as anchors the way GitHub renders them', () => {
    // Act
    const anchors = headingAnchors(
      '# Runbook\n## `saga` CLI: before you start\n```sh\n# not a heading\n```\n### FailureRate\n### FailureRate\n',
    );
    // Assert
    expect([...anchors]).toEqual(['runbook', 'saga-cli-before-you-start', 'failurerate', 'failurerate-1']);
  });

  it('is the docs/runbook.md of the repository by default', () => {
    expect(DEFAULT_RUNBOOK_URL).toMatch(
      /^https:\/\/github\.com\/[^/]+\/[^/]+\/blob\/main\/docs\/runbook\.md$/,
    );
  });

  it("links every alarm the example's orchestrator creates to a section of docs/runbook.md", () => {
    // Arrange
    const anchors = headingAnchors(runbook);
    // Act
    const broken = descriptions.flatMap(([id, description]) => {
      const link = new RegExp(`Runbook: ${DEFAULT_RUNBOOK_URL.replaceAll('.', '\\.')}#([a-z0-9-]+)$`).exec(
        description,
      );
      if (!link) return [`${id} has no runbook link: ${description}`];
      return anchors.has(link[1] as string)
        ? []
        : [`${id} links to #${link[1]}, which is no heading of the runbook`];
    });
    // Assert
    expect(descriptions.length).toBe(20);
    expect(broken).toEqual([]);
  });

  it('gives each alarm a description CloudWatch accepts (at most 1024 characters)', () => {
    // Act
    const tooLong = descriptions.filter(([, description]) => description.length > 1024).map(([id]) => id);
    // Assert
    expect(tooLong).toEqual([]);
  });

  it('links only to its own headings', () => {
    // Arrange
    const anchors = headingAnchors(runbook);
    // Act
    const dangling = linkedAnchors(runbook).filter((anchor) => !anchors.has(anchor));
    // Assert
    expect(dangling).toEqual([]);
  });
});
