// Tests read JSON answers of fetch() loosely (`(await res.json()).error.code`), as they did while
// the root tsconfig carried the DOM types. Server code has no DOM types any more (the tab's browser
// code has its own tsconfig, tab/tsconfig.json); Node's fetch types say `unknown`, which is right
// for production code that must check what it receives, and too strict to be useful in assertions.
declare global {
  interface Response {
    json(): Promise<any>;
  }
}
export {};
