/** `asl-validator` ships no type declarations; this is the part of its API the tests use. */
declare module 'asl-validator' {
  interface AslValidationResult {
    readonly isValid: boolean;
    readonly errors: readonly unknown[];
  }
  export default function aslValidator(definition: object, options?: object): AslValidationResult;
}
