import type { Scenario } from '../scenarios/order-scenarios.ts';
import { OrderWorld } from '../scenarios/order-world.ts';
import type { SagaBackend } from '../scenarios/saga-backend.ts';

/** The outcome of one scenario on one backend. */
export interface ScenarioResult {
  readonly name: string;
  readonly passed: boolean;
  readonly durationMs: number;
  /** Order ids the scenario placed on the bus (in first-placed order, each once). */
  readonly placedOrderIds: readonly string[];
  /** The failure's message: for a wait, what it expected and what it last saw. */
  readonly error?: string;
  /** What was thrown, unchanged (so a test runner can show an assertion's diff). */
  readonly thrown?: unknown;
}

/** What a check after a scenario receives. */
export interface AfterScenarioContext<B extends SagaBackend> {
  readonly scenario: Scenario;
  readonly backend: B;
  readonly world: OrderWorld;
  readonly placedOrderIds: readonly string[];
}

/** Options of {@link runScenario}. */
export interface RunScenarioOptions<B extends SagaBackend> {
  /** Runs after a scenario that passed, e.g. to check the Step Functions history; a throw fails it. */
  readonly afterScenario?: (context: AfterScenarioContext<B>) => Promise<void>;
  readonly now?: () => number;
}

/**
 * A backend whose EventBridge client notes the order id of every `OrderPlaced` detail it sends, so a
 * runner knows which sagas a scenario started without the scenario saying so.
 */
export function recordingPlacedOrders<B extends SagaBackend>(
  backend: B,
): { backend: B; placedOrderIds(): string[] } {
  const placed = new Set<string>();
  const eventBridge = backend.clients.eventBridge;
  const recording = new Proxy(eventBridge, {
    get(target, property, receiver) {
      if (property !== 'send') return Reflect.get(target, property, receiver);
      return (command: { input?: { Entries?: readonly { Detail?: string }[] } }, ...rest: unknown[]) => {
        for (const entry of command.input?.Entries ?? []) {
          const orderId = orderIdOf(entry.Detail);
          if (orderId !== undefined) placed.add(orderId);
        }
        return (target.send as (...args: unknown[]) => unknown).call(target, command, ...rest);
      };
    },
  });
  return {
    backend: { ...backend, clients: { ...backend.clients, eventBridge: recording } },
    placedOrderIds: () => [...placed],
  };
}

/** Runs one scenario on a fresh world of `backend`, then `afterScenario`; never throws. */
export async function runScenario<B extends SagaBackend>(
  backend: B,
  scenario: Scenario,
  options: RunScenarioOptions<B> = {},
): Promise<ScenarioResult> {
  const now = options.now ?? Date.now;
  const started = now();
  const recorder = recordingPlacedOrders(backend);
  const world = new OrderWorld(recorder.backend);
  try {
    await scenario.run(world);
    await options.afterScenario?.({ scenario, backend, world, placedOrderIds: recorder.placedOrderIds() });
    return {
      name: scenario.name,
      passed: true,
      durationMs: now() - started,
      placedOrderIds: recorder.placedOrderIds(),
    };
  } catch (thrown) {
    return {
      name: scenario.name,
      passed: false,
      durationMs: now() - started,
      placedOrderIds: recorder.placedOrderIds(),
      error: thrown instanceof Error ? thrown.message : String(thrown),
      thrown,
    };
  }
}

/** Runs the scenarios one after another (they share the backend's queues) and returns every outcome. */
export async function runScenarios<B extends SagaBackend>(
  backend: B,
  scenarios: readonly Scenario[],
  options: RunScenarioOptions<B> = {},
): Promise<ScenarioResult[]> {
  const results: ScenarioResult[] = [];
  for (const scenario of scenarios) results.push(await runScenario(backend, scenario, options));
  return results;
}

/** One line per scenario (`✓`/`✗`, name, seconds) and, under a failure, its message. */
export function formatResults(backendName: string, results: readonly ScenarioResult[]): string {
  const passed = results.filter((result) => result.passed).length;
  const lines = results.flatMap((result) => {
    const head = `${result.passed ? '✓' : '✗'} ${result.name} (${(result.durationMs / 1_000).toFixed(1)} s)`;
    return result.passed
      ? [head]
      : [
          head,
          ...String(result.error)
            .split('\n')
            .map((line) => `    ${line}`),
        ];
  });
  return [`${backendName}: ${passed} of ${results.length} scenarios passed`, ...lines].join('\n');
}

function orderIdOf(detail: string | undefined): string | undefined {
  try {
    const parsed: unknown = JSON.parse(detail ?? 'null');
    const orderId = (parsed as { orderId?: unknown } | null)?.orderId;
    return typeof orderId === 'string' ? orderId : undefined;
  } catch {
    return undefined;
  }
}
