// project_files.cjs - the OSS-Fuzz and ClusterFuzzLite project files hold
// what their presubmits and builders accept.
//
// Spec: shared/research/oss-fuzz-env.md §4.1 (OSS-Fuzz project.yaml: keys,
// values, e-mail keys), §4.2 (ClusterFuzzLite: language;
// Dockerfile on base-builder copying build.sh into $SRC), §1.5/§5 (build.sh
// runs under bash -eu from the image). Usage: node project_files.cjs
// NODE_MODULES REPO. The rules are checked against a broken project file
// first, so that a checker that accepts everything fails here.
"use strict";
const fs = require("node:fs");
const path = require("node:path");

const VALID_KEYS = new Set(["architectures", "auto_ccs", "blackbox", "builds_per_day", "coverage_extra_args",
  "disabled", "disable_remediation", "disable_remediation_pre_review", "fuzzing_engines", "help_url", "homepage",
  "language", "labels", "main_repo", "primary_contact", "run_tests", "sanitizers", "selective_unpack", "vendor_ccs",
  "view_restrictions", "file_github_issue", "indexer", "base_os_version"]);
const LANGUAGES = new Set(["c", "c++", "go", "javascript", "jvm", "python", "rust", "swift", "ruby"]);
const SANITIZERS = new Set(["address", "none", "memory", "undefined", "thread", "coverage", "introspector", "hwaddress"]);
const ENGINES = new Set(["libfuzzer", "afl", "honggfuzz", "centipede", "none", "wycheproof"]);
const ARCHITECTURES = new Set(["i386", "x86_64", "aarch64"]);

// Problems of an OSS-Fuzz project.yaml (parsed), per presubmit's checker.
function ossFuzzProblems(y) {
  const p = [];
  if (!y || typeof y !== "object") return ["not a mapping"];
  for (const k of Object.keys(y)) if (!VALID_KEYS.has(k)) p.push(`unknown key ${k}`);
  if (!y.main_repo) p.push("main_repo missing");
  if (!LANGUAGES.has(y.language)) p.push(`language ${y.language} not one of ${[...LANGUAGES]}`);
  const names = (list) => (list || []).map((e) => (typeof e === "string" ? e : Object.keys(e)[0]));
  for (const s of names(y.sanitizers)) if (!SANITIZERS.has(s)) p.push(`sanitizer ${s}`);
  for (const e of names(y.fuzzing_engines)) if (!ENGINES.has(e)) p.push(`engine ${e}`);
  for (const a of names(y.architectures)) if (!ARCHITECTURES.has(a)) p.push(`architecture ${a}`);
  if (y.fuzzing_engines && !names(y.fuzzing_engines).includes("libfuzzer")) p.push("libfuzzer is required");
  for (const m of [y.primary_contact, ...(y.auto_ccs || [])].filter((m) => m !== undefined))
    if (!/@/.test(m) || !/\./.test(m)) p.push(`e-mail ${m}`);
  if (y.builds_per_day !== undefined && !(y.builds_per_day >= 1 && y.builds_per_day <= 4)) p.push("builds_per_day");
  return p;
}

function check(what, problems) {
  for (const p of problems) console.log(`${what}: ${p}`);
  console.log(`${what}: ${problems.length ? "FAIL" : "ok"}`);
  return problems.length === 0;
}

function main() {
  const [modules, repo] = process.argv.slice(2);
  if (!modules || !repo) throw new Error("usage: project_files.cjs NODE_MODULES REPO");
  const YAML = require(path.resolve(modules, "yaml"));
  const read = (f) => fs.readFileSync(path.join(repo, f), "utf8");
  const results = [];

  const broken = YAML.parse("language: cobol\nsanitizers: [address, leak]\nfuzzing_engines: [afl]\nmain_repo_url: x\n");
  if (ossFuzzProblems(broken).length < 5) throw new Error("the checker accepts a broken project.yaml");

  // OSS-Fuzz: the presubmit rules, and what this project promises (issue 13).
  const y = YAML.parse(read("oss-fuzz/project.yaml"));
  const p = ossFuzzProblems(y);
  for (const s of ["address", "undefined"]) if (!(y.sanitizers || []).includes(s)) p.push(`sanitizer ${s} missing`);
  for (const e of ["libfuzzer", "afl"]) if (!(y.fuzzing_engines || []).includes(e)) p.push(`engine ${e} missing`);
  results.push(check("oss-fuzz/project.yaml", p));

  // ClusterFuzzLite: language is the one field it needs; it runs libFuzzer only.
  const c = YAML.parse(read(".clusterfuzzlite/project.yaml"));
  results.push(check(".clusterfuzzlite/project.yaml", c && c.language === "c++" ? [] : ["language must be c++"]));

  // Dockerfiles: on base-builder, build.sh copied into $SRC, the checkout in $SRC/stopfuzz.
  const dockerfiles = [
    ["oss-fuzz/Dockerfile", /^FROM gcr\.io\/oss-fuzz-base\/base-builder(:\S+)?$/m, /^COPY build\.sh \$SRC\/$/m],
    [".clusterfuzzlite/Dockerfile", /^FROM gcr\.io\/oss-fuzz-base\/base-builder:v1$/m, /^COPY \.clusterfuzzlite\/build\.sh \$SRC\/$/m],
  ];
  for (const [f, from, copy] of dockerfiles) {
    const d = read(f), q = [];
    const first = d.split("\n").find((l) => /^[A-Z]+ /.test(l));
    if (!first || !from.test(first)) q.push(`first instruction is not FROM base-builder: ${first}`);
    if (!copy.test(d)) q.push("build.sh is not copied into $SRC/");
    if (!/^WORKDIR (\$SRC\/)?stopfuzz$/m.test(d)) q.push("the build does not run in $SRC/stopfuzz");
    results.push(check(f, q));
  }

  // build.sh: bash -eu, executable, the one build in the repository.
  for (const f of ["oss-fuzz/build.sh", ".clusterfuzzlite/build.sh"]) {
    const s = read(f), q = [];
    if (!s.startsWith("#!/bin/bash -eu\n")) q.push("does not start with #!/bin/bash -eu");
    if (!(fs.statSync(path.join(repo, f)).mode & 0o111)) q.push("not executable");
    if (!s.includes('"$SRC/stopfuzz/fuzz/oss_fuzz_build.sh"')) q.push("does not run $SRC/stopfuzz/fuzz/oss_fuzz_build.sh");
    results.push(check(f, q));
  }

  const failed = results.filter((r) => !r).length;
  console.log(`${results.length - failed} passed, ${failed} failed`);
  process.exitCode = failed ? 1 : 0;
}

try {
  main();
} catch (e) {
  console.error(`stopfuzz: ${e.message}`);
  process.exitCode = 1;
}
