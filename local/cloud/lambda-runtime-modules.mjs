// A module resolve hook for Lambda bundles run locally. Lambda's Node.js runtime ships the AWS SDK
// v3, so bundles leave `@aws-sdk/*` out; when a bundle lives outside this project (a cloud
// assembly in a temporary folder) those imports are resolved from here, as the runtime would.
const RUNTIME_PARENT = import.meta.url;

export async function resolve(specifier, context, nextResolve) {
  try {
    return await nextResolve(specifier, context);
  } catch (error) {
    if (error?.code === 'ERR_MODULE_NOT_FOUND' && specifier.startsWith('@aws-sdk/')) {
      return nextResolve(specifier, { ...context, parentURL: RUNTIME_PARENT });
    }
    throw error;
  }
}
