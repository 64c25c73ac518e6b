/**
 * A clock that never reads the same millisecond twice, so events written in quick succession
 * by one test process sort in the order they happened.
 */
export function tickingClock(): () => Date {
  let last = 0;
  return () => {
    last = Math.max(Date.now(), last + 1);
    return new Date(last);
  };
}
