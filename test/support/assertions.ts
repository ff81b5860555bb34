// Every test makes at least one assertion: a generated case that returns early, or a table row
// whose checks are all behind a condition, fails instead of passing silently.
// (`expect.hasAssertions()` counts the assertions made while the test runs, helpers' included.)
beforeEach(() => {
  expect.hasAssertions();
});
