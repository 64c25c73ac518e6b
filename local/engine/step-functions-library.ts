import { createRequire } from 'node:module';
import { requireOptionalPeer } from '../optional-peer.ts';

type Library = typeof import('aws-local-stepfunctions');

let library: Library | undefined;

/**
 * `aws-local-stepfunctions`, the ASL interpreter under the local engine and the local cloud: an
 * optional peer dependency of sfn-saga, needed only by `sfn-saga/testing`. Loaded on first use
 * (one instance for the whole package, so its error classes compare), with an error that names the
 * package to install when it is missing.
 */
export function loadStepFunctionsLibrary(): Library {
  library ??= requireOptionalPeer<Library>(
    createRequire(import.meta.url),
    'aws-local-stepfunctions',
    'runs compiled sagas locally (SagaTestEnvironment, the local cloud)',
  );
  return library;
}
