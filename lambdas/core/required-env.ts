/** A configuration value the function cannot run without; read once at cold start. */
export function requiredEnv(name: string, env: NodeJS.ProcessEnv = process.env): string {
  const value = env[name];
  if (value === undefined || value === '') {
    throw new Error(
      `Environment variable ${name} is not set: the SagaOrchestrator construct sets it; set it when running the function elsewhere`,
    );
  }
  return value;
}

/** A whole number from the environment, e.g. a timeout in seconds. */
export function requiredIntegerEnv(name: string, env: NodeJS.ProcessEnv = process.env): number {
  const value = Number(requiredEnv(name, env));
  if (!Number.isInteger(value))
    throw new Error(`Environment variable ${name} must be a whole number, got "${env[name]}"`);
  return value;
}
