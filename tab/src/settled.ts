// Answers that may already be here when a screen is first drawn (the boot script and main.tsx ask
// for the first screen's data before React starts): a screen that finds its answer here draws it
// in its first render instead of drawing a skeleton and then the data.
const values = new WeakMap<Promise<unknown>, unknown>();

/** Remembers the promise's value once it resolves. */
export function track<T>(promise: Promise<T>): Promise<T> {
  promise.then(
    (value) => values.set(promise, value),
    () => {},
  );
  return promise;
}

/** The value of a tracked promise that has resolved; undefined until then. */
export function peek<T>(promise: Promise<T> | undefined): T | undefined {
  return promise ? (values.get(promise) as T | undefined) : undefined;
}

/** Waits until the promise settles, at most `ms`. */
export function within(promise: Promise<unknown> | undefined, ms: number): Promise<void> {
  if (!promise) return Promise.resolve();
  return Promise.race([
    promise.then(
      () => {},
      () => {},
    ),
    new Promise<void>((resolve) => setTimeout(resolve, ms)),
  ]);
}
