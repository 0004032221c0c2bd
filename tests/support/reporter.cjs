// Mocha's spec reporter, plus a last line `N passed, N failed` that CI reads.
'use strict';
const Mocha = require('mocha');
const { Spec } = Mocha.reporters;

class IdsReporter extends Spec {
  epilogue() {
    super.epilogue();
    const { passes = 0, failures = 0, pending = 0 } = this.stats || {};
    process.stdout.write(`${passes} passed, ${failures} failed${pending ? `, ${pending} skipped` : ''}\n`);
  }
}
module.exports = IdsReporter;
